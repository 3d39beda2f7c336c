import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../../lab/paths.js';
import { scenariosDir } from '../../../chaos/scenario/load.js';
import type { SlackHistory } from '../../../chaos/scenario/world-slack.js';
import { loadWorld } from '../../../chaos/scenario/world.js';
import { importSchema } from '../../workspace/admin.js';
import { catchUpMessages, catchUpText, catchUpTime } from './history-catch-up.js';
import { planHistory } from './history.js';

const world = (name: string) => loadWorld(join(scenariosDir(repoRoot()), name));
// A Tuesday.
const injectedAt = new Date('2026-03-10T08:00:00Z');

describe('planHistory', () => {
  it('turns a pack\'s past into import bodies the workspace accepts, every time before the injection', () => {
    const w = world('storefront-offline');
    const plan = planHistory(w.slack ?? { channels: [] }, injectedAt, w.oncall.people);
    expect(plan.imports.map((b) => b.channel)).toEqual(['orders', 'ticketing', 'platform', 'fulfillment']);
    for (const body of plan.imports) {
      expect(importSchema.safeParse(body).error).toBeUndefined();
      const times = body.messages.map((m) => Date.parse(m.at));
      expect(times.every((t) => t < injectedAt.getTime())).toBe(true);
      expect(times).toEqual([...times].sort((a, b) => a - b));
      body.messages.forEach((m, i) => {
        if (m.replyTo === undefined) return;
        expect(m.replyTo).toBeLessThan(i);
        expect(body.messages[m.replyTo]?.replyTo, 'a reply goes to a thread\'s first message').toBeUndefined();
      });
    }
    const orders = plan.imports[0]?.messages ?? [];
    expect(orders[0]).toEqual({ user: 'alicia', realName: 'Alicia Chen', at: '2026-03-05T09:40:00.000Z', text: expect.stringContaining('pool exhausted') });
    expect(orders[1]).toMatchObject({ user: 'marco', realName: 'Marco Rossi', replyTo: 0 });
    expect(orders[3]).toMatchObject({ reactions: [{ name: 'eyes', users: ['kevin', 'marco'] }] });
  });

  it('schedules live messages after the injection, soonest first, with their threads', () => {
    const w = world('storefront-offline');
    const { imports, live } = planHistory(w.slack ?? { channels: [] }, injectedAt);
    expect(live.map((m) => [m.channel, m.user, m.offsetMs])).toEqual([
      ['ticketing', 'priya', 0], ['fulfillment', 'dan', 90_000], ['ticketing', 'priya', 180_000], ['fulfillment', 'dan', 240_000],
    ]);
    for (const m of live) expect(m.at.getTime()).toBe(injectedAt.getTime() + m.offsetMs);
    expect(live[1]?.text).toContain('PERF-812');
    expect(live[2]?.replyTo).toEqual({ kind: 'live', index: 0 });
    expect(live[3]?.replyTo).toEqual({ kind: 'live', index: 1 });
    const imported = imports.flatMap((b) => b.messages.map((m) => m.text));
    for (const m of live) expect(imported).not.toContain(m.text);
  });

  it('points a live reply to a past message at its place in the import, and keeps topics', () => {
    const history: SlackHistory = {
      channels: [{
        name: 'fulfillment', topic: 'partner webhooks',
        messages: [
          { user: 'lena', at: '-1d 15:32', text: 'acme maintenance tonight' },
          { user: 'omar', at: '-1d 15:40', text: 'hold just acme?', replyTo: 0 },
          { user: 'dan', at: '+5s', text: 'pausing dispatch' },
          { user: 'lena', at: '+12m', text: 'acme is back', replyTo: 0 },
        ],
      }],
    };
    const { imports, live } = planHistory(history, injectedAt);
    expect(imports).toEqual([{
      channel: 'fulfillment', topic: 'partner webhooks',
      messages: [
        { user: 'lena', text: 'acme maintenance tonight', at: '2026-03-09T15:32:00.000Z' },
        { user: 'omar', text: 'hold just acme?', at: '2026-03-09T15:40:00.000Z', replyTo: 0 },
      ],
    }]);
    expect(live.map((m) => [m.text, m.replyTo])).toEqual([['pausing dispatch', undefined], ['acme is back', { kind: 'past', index: 0 }]]);
  });

  it('keeps the listed order when a time of day and a relative time cross at midnight', () => {
    const history: SlackHistory = { channels: [{ name: 'orders', messages: [{ user: 'alicia', at: '-1d 23:50', text: 'late one' }, { user: 'marco', at: '-20m', text: 'still here' }] }] };
    const times = planHistory(history, new Date('2026-03-10T00:05:00Z')).imports[0]?.messages.map((m) => m.at);
    expect(times).toEqual(['2026-03-09T23:50:00.000Z', '2026-03-09T23:50:00.000Z']);
  });
});

describe('catch-up text for a real workspace', () => {
  it('labels itself, shows original times and threads, and leaves live messages out', () => {
    const w = world('storefront-offline');
    const ticketing = w.slack?.channels.find((c) => c.name === 'ticketing');
    if (!ticketing) throw new Error('no #ticketing');
    const text = catchUpText(ticketing, injectedAt) ?? '';
    const lines = text.split('\n');
    expect(lines[0]).toBe('*Catch-up — what happened in #ticketing over the past days (original times shown)*');
    expect(lines[1]).toMatch(/^• Sun 1 Mar 14:35 UTC — mei: filed TIX-79/);
    expect(lines[2]).toMatch(/^ {6}↳ Mon 2 Mar 10:15 UTC — mei: repro'd/);
    expect(text).toContain('• Sun 10:05 UTC — priya: anyone else think seating\'s log times are off?');
    expect(text).toContain('• Sun 15:38 UTC — priya: audit shows duplicate seats again, 4 since this morning. same pattern as TIX-79, two best-available clicks a few ms apart _(:disappointed: mei)_');
    expect(text).not.toContain('deploying seating');
    expect(lines).toHaveLength(1 + ticketing.messages.filter((m) => !m.at.startsWith('+')).length);
  });

  it('names the day alone within the week, the date beyond it', () => {
    expect(catchUpTime(new Date('2026-03-09T09:14:00Z'), injectedAt)).toBe('Mon 09:14 UTC');
    expect(catchUpTime(new Date('2026-03-04T00:01:00Z'), injectedAt)).toBe('Wed 00:01 UTC');
    expect(catchUpTime(new Date('2026-03-03T23:59:00Z'), injectedAt)).toBe('Tue 3 Mar 23:59 UTC');
  });

  it('makes one message per channel with a past, none for a channel with only live messages', () => {
    const history: SlackHistory = {
      channels: [
        { name: 'general', messages: [{ user: 'alicia', at: '+30s', text: 'the sale is live!' }] },
        { name: 'orders', messages: [{ user: 'marco', at: '-3d 13:05', text: 'ORD-262: UK emails show $\ninstead of £' }] },
      ],
    };
    expect(catchUpMessages(history, injectedAt)).toEqual([{
      channel: 'orders',
      text: '*Catch-up — what happened in #orders over the past days (original times shown)*\n• Sat 13:05 UTC — marco: ORD-262: UK emails show $\n  instead of £',
    }]);
  });
});
