import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../chaos/scenario/load.js';
import { repoRoot } from '../../lab/paths.js';
import { OFFLINE_REPORTS, killSwitchGame, storefrontGame } from './game-fixture.js';
import { computeImpact } from './impact.js';
import { INJECTED_AT, liveFigures, reportInputs, reportJournal, submission } from './report-fixture.js';
import { scoreReport } from './scorecard.js';
import type { IncidentReport, ReportInputs } from './types.js';

const root = repoRoot();
const offline = loadScenario(root, 'storefront-offline').scenario;
const killSwitch = loadScenario(root, 'forgotten-kill-switch').scenario;

const score = (inputs: ReportInputs) => scoreReport(inputs, computeImpact(inputs.live, inputs.scenario.impact));

function offlineInputs(report: IncidentReport | undefined, opts: { trapFirst?: boolean; hints?: number } = {}): ReportInputs {
  const { j, submitted } = storefrontGame({ ...(report ? { report } : {}), ...(opts.trapFirst ? { trapFirst: true } : {}) });
  for (let i = 0; i < (opts.hints ?? 0); i += 1) j.game('hint', { text: 'look at recent deploys' });
  return reportInputs(offline, j.entries, { submission: report, submittedAt: submitted?.at, submittedBy: report ? 'claude' : undefined });
}

describe('scoreReport: root cause', () => {
  it('ranks blaming the pool below the timeout alone below the full chain, which is right', () => {
    const [pool, partial, full] = (['pool', 'partial', 'full'] as const).map((k) => score(offlineInputs(OFFLINE_REPORTS[k])));
    expect(pool?.rootCause).toMatchObject({ right: false, blamed: ['the orders connection pool is too small'] });
    expect(partial?.rootCause).toMatchObject({ right: false, blamed: [], missed: ['part: retries without the Idempotency-Key make partners ship again'] });
    expect(full?.rootCause).toMatchObject({ score: 1, right: true, missed: [], blamed: [] });
    expect(pool?.rootCause.score).toBeLessThan(partial?.rootCause.score ?? 0);
    expect(partial?.rootCause.score).toBeLessThan(full?.rootCause.score ?? 0);
    expect(pool?.total).toBeLessThan(partial?.total ?? 0);
    expect(partial?.total).toBeLessThan(full?.total ?? 0);
  });

  it('caps a report that blames a red herring, however much of the chain it also names', () => {
    const both = submission({ component: 'orders connection pool', change: 'PERF-812 exhausted the pool', mechanism: OFFLINE_REPORTS.full.rootCause.mechanism });
    expect(score(offlineInputs(both)).rootCause).toMatchObject({ score: 0.25, right: false, blamed: ['the orders connection pool is too small'] });
  });

  it('calls the full forgotten-kill-switch answer right', () => {
    const report = submission({ component: 'fulfillment dispatch', change: 'FUL-170: fulfillmentDispatchPaused left on after the maintenance window', mechanism: 'dispatch paused by the kill switch: batches wait on the stream and nothing ships' });
    const { j, change, submitted } = killSwitchGame(report);
    const card = score(reportInputs(killSwitch, j.entries, {
      submission: report, submittedAt: submitted.at, submittedBy: 'claude',
      live: liveFigures({ pagedAt: undefined, skewedClocks: [], steady: [{ name: 'dispatch running', ok: true, detail: '0' }] }),
    }));
    expect(card.rootCause).toMatchObject({ score: 1, right: true, blamed: [] });
    expect(card.mitigatedBy).toMatchObject({ seq: change.seq, tool: 'featureflags_set', target: 'fulfillmentDispatchPaused' });
    // No pager time read: the journaled page counts.
    expect(card.timeToDetectS).toBe((Date.parse(j.entries[1]?.at ?? '') - Date.parse(INJECTED_AT)) / 1000);
    expect(card.process.broken).toEqual([]);
  });
});

describe('scoreReport: the game', () => {
  it('scores a careful full run: mitigated, times from injection, every process rule kept, a complete report', () => {
    const inputs = offlineInputs(OFFLINE_REPORTS.full);
    const card = score(inputs);
    const rollback = inputs.journal.find((e) => e.type === 'call' && e.tool === 'deploy_rollback');
    expect(card).toMatchObject({
      scenario: 'storefront-offline', run: 'run-1', by: 'claude', mitigated: true, hints: 0, reportCompleteness: 1,
      timeToDetectS: 240, timeToMitigateS: (Date.parse(rollback?.at ?? '') - Date.parse(INJECTED_AT)) / 1000,
      mitigatedBy: { seq: rollback?.seq, tool: 'deploy_rollback', target: 'fulfillment' },
    });
    expect(card.process.kept.sort()).toEqual(['approval', 'confirmation', 'status-cadence', 'two-sources']);
    expect(card.process.broken).toEqual([]);
    expect(card.toolCalls).toBe(9);
    expect(card.steps).toBe(12);
    expect(card.items.find((i) => i.name === 'time to mitigate')?.points).toBe(5);
    // Everything but the impact estimate (×0.92 of the actual) at full points.
    const estimate = card.items.find((i) => i.name === 'impact estimate');
    expect(estimate?.points).toBeGreaterThan(4);
    expect(card.total).toBe(Math.round(((90 + (estimate?.points ?? 0)) * 100) / 95));
    const perfect = score({ ...inputs, submission: { ...OFFLINE_REPORTS.full, impactEstimate: { lostRevenueCents: card.impactEstimate.actualCents } } });
    expect(perfect.total).toBe(100);
  });

  it('credits the fix, not a trap tried before it, and marks the unapproved restart broken', () => {
    const { j, rollback } = storefrontGame({ report: OFFLINE_REPORTS.full, trapFirst: true });
    const card = score(reportInputs(offline, j.entries, { submission: OFFLINE_REPORTS.full, submittedAt: j.now() }));
    expect(card.mitigatedBy?.seq).toBe(rollback.seq);
    expect(card.process.broken).toEqual(['approval']);
    expect(card.process.details?.find((d) => d.rule === 'approval')?.reason).toMatch(/kubectl_rollout_restart storefront/);
  });

  it('is not mitigated when a steady probe fails: no mitigation points, no time to mitigate', () => {
    const inputs = offlineInputs(OFFLINE_REPORTS.full);
    const failing = { ...inputs, live: liveFigures({ steady: [{ name: 'storefront home answers', ok: true, detail: '200' }, { name: 'breaker closed', ok: false, detail: 'breaker open' }] }) };
    const card = score(failing);
    expect(card).toMatchObject({ mitigated: false, timeToMitigateS: undefined, mitigatedBy: undefined });
    expect(card.items.find((i) => i.name === 'mitigated')).toMatchObject({ points: 0, detail: expect.stringContaining('breaker closed') });
    expect(card.items.find((i) => i.name === 'time to mitigate')?.points).toBe(0);
    const full = score(inputs);
    expect(card.total).toBe(Math.round(full.total - (30 * 100) / 95));
  });

  it('scores a game without a report from the journal: no root cause, no completeness, the rest counts', () => {
    const card = score(offlineInputs(undefined));
    expect(card.rootCause).toMatchObject({ score: 0, right: false, matched: [] });
    expect(card.reportCompleteness).toBe(0);
    expect(card.impactEstimate.estimatedCents).toBeUndefined();
    expect(card.items.find((i) => i.name === 'root cause')?.points).toBe(0);
    expect(card.items.find((i) => i.name === 'report completeness')?.points).toBe(0);
    expect(card).toMatchObject({ mitigated: true, by: 'claude' });
    expect(card.process.kept).toContain('approval');
    expect(card.process.kept).not.toContain('confirmation');
    expect(card.total).toBeGreaterThan(0);
  });

  it('takes 3 points a hint, never below zero', () => {
    const base = score(offlineInputs(OFFLINE_REPORTS.full));
    const hinted = score(offlineInputs(OFFLINE_REPORTS.full, { hints: 2 }));
    expect(hinted.hints).toBe(2);
    expect(hinted.total).toBe(base.total - 6);
    const flooded = score(offlineInputs(undefined, { hints: 40 }));
    expect(flooded.items.find((i) => i.name === 'hints')?.points).toBe(-120);
    expect(flooded.total).toBe(0);
  });

  it('judges the journaled gate events with the rest: a refusal breaks its rule', () => {
    const { j } = storefrontGame();
    j.game('process', { rule: 'two-sources', outcome: 'refused', text: 'two-sources: only one read tool' });
    const card = score(reportInputs(offline, j.entries));
    expect(card.process.broken).toContain('two-sources');
  });

  it('breaks the status cadence after more than 10 steps without an update, and judges nothing under 5 steps', () => {
    const j = reportJournal();
    j.game('prepared');
    for (let i = 0; i < 4; i += 1) j.call('prometheus_query', { query: `up{job="${i}"}` });
    expect(score(reportInputs(offline, j.entries)).process).toMatchObject({ kept: [], broken: [] });
    for (let i = 4; i < 11; i += 1) j.call('prometheus_query', { query: `up{job="${i}"}` });
    const card = score(reportInputs(offline, j.entries));
    expect(card.process.broken).toEqual(['status-cadence']);
    expect(card.items.find((i) => i.name === 'process')?.points).toBe(0);
  });
});
