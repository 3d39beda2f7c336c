import { describe, expect, it } from 'vitest';
import type { IncidentReport } from '../desk/tools/report.js';
import { REPORT_FIELDS } from './report-form.js';
import { createReportThreads, type Reporter } from './report-thread.js';

function interview() {
  const said: Array<{ threadTs: string | undefined; text: string }> = [];
  const submitted: Array<{ report: IncidentReport; who: Reporter }> = [];
  const threads = createReportThreads({
    say: async (_channel, threadTs, text) => {
      said.push({ threadTs, text });
      return threadTs ?? 'T1';
    },
    submit: async (report, who) => {
      submitted.push({ report, who });
    },
  });
  const who = { userId: 'U1', userName: 'you', channelId: 'C1' };
  const reply = (text: string, from: { userId?: string; threadTs?: string | null } = {}) =>
    threads.answer({ userId: from.userId ?? 'U1', threadTs: from.threadTs === null ? undefined : (from.threadTs ?? 'T1'), text });
  const lastQuestion = () => said.at(-1)?.text ?? '';
  return { threads, said, submitted, who, reply, lastQuestion };
}

const GOOD: Record<string, string> = {
  summary: 'Storefront offline after a fulfillment deploy.',
  component: 'fulfillment',
  change: 'PERF-812',
  mechanism: 'timeouts shorter than partner acks; retries without Idempotency-Key',
  cause_text: 'skip',
  resolution: 'rolled back fulfillment',
  prevention: 'contract test for idempotency — dan\nalert on webhook timeouts — kevin',
  failed_sessions: '1,200',
  lost_revenue: 'skip',
  duplicates: '85',
  impact_notes: 'skip',
};

describe('the report asked in a thread', () => {
  it('asks every field in the form\'s order and submits what the modal would', async () => {
    const t = interview();
    await t.threads.start(t.who);
    expect(t.said[0]).toMatchObject({ threadTs: undefined });
    expect(t.lastQuestion()).toMatch(/^\*1\/11 Summary\*/);
    for (const f of REPORT_FIELDS) {
      expect(t.lastQuestion()).toContain(f.label);
      expect(await t.reply(GOOD[f.block] ?? '')).toBe(true);
    }
    expect(t.submitted).toHaveLength(1);
    expect(t.submitted[0]?.who).toEqual(t.who);
    expect(t.submitted[0]?.report).toMatchObject({
      rootCause: { component: 'fulfillment', change: 'PERF-812' },
      prevention: [{ action: 'contract test for idempotency', owner: 'dan' }, { action: 'alert on webhook timeouts', owner: 'kevin' }],
      impactEstimate: { failedSessions: 1200, duplicateShipments: 85 },
    });
    expect(t.submitted[0]?.report.rootCauseText).toBeUndefined();
    // Over: the thread is no longer an interview.
    expect(await t.reply('one more thing')).toBe(false);
  });

  it('asks again after a bad number, refuses to skip a required field, and `back` redoes an answer', async () => {
    const t = interview();
    await t.threads.start(t.who);
    await t.reply('skip');
    expect(t.lastQuestion()).toMatch(/needed[\s\S]*Summary/);
    await t.reply(GOOD.summary ?? '');
    await t.reply('orders pool');
    expect(t.lastQuestion()).toMatch(/Root cause: change/);
    await t.reply('back');
    expect(t.lastQuestion()).toMatch(/Root cause: component/);
    await t.reply('fulfillment');
    for (const block of ['change', 'mechanism', 'cause_text', 'resolution', 'prevention']) await t.reply(GOOD[block] ?? '');
    await t.reply('about forty');
    expect(t.lastQuestion()).toMatch(/whole number[\s\S]*failed shopper sessions/);
    for (const block of ['failed_sessions', 'lost_revenue', 'duplicates', 'impact_notes']) await t.reply(GOOD[block] ?? '');
    expect(t.submitted[0]?.report.rootCause.component).toBe('fulfillment');
  });

  it('ignores other people and other threads; `cancel` submits nothing', async () => {
    const t = interview();
    await t.threads.start(t.who);
    expect(await t.reply('I think it is the pool', { userId: 'U2' })).toBe(false);
    expect(await t.reply('hello', { threadTs: 'T9' })).toBe(false);
    expect(await t.reply('hello', { threadTs: null })).toBe(false);
    expect(await t.reply('cancel')).toBe(true);
    expect(t.lastQuestion()).toMatch(/cancelled/);
    expect(t.submitted).toEqual([]);
    expect(await t.reply(GOOD.summary ?? '')).toBe(false);
  });
});
