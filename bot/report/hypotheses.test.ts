import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../chaos/scenario/load.js';
import { repoRoot } from '../../lab/paths.js';
import { storefrontGame } from './game-fixture.js';
import { traceHypotheses } from './hypotheses.js';
import { reportJournal } from './report-fixture.js';

const offline = loadScenario(repoRoot(), 'storefront-offline').scenario;
const byName = (hs: ReturnType<typeof traceHypotheses>, name: string) => hs.find((h) => h.name === name);

describe('traceHypotheses', () => {
  it('lists the root cause and every red herring with its truth', () => {
    const hs = traceHypotheses([], offline.truth);
    expect(hs.map((h) => h.truth)).toEqual(['root cause', ...offline.truth.redHerrings.map((h) => h.verdict)]);
    expect(hs.every((h) => h.touches.length === 0 && h.timeSpentS === 0)).toBe(true);
    expect(byName(hs, 'the orders connection pool is too small')?.dismissedBy).toMatch(/PERF-812/);
  });

  it('finds each hypothesis in the calls\' arguments and the theories, with coworkers\' verdicts and the time spent', () => {
    const { j } = storefrontGame();
    const hs = traceHypotheses(j.entries, offline.truth);
    const pool = byName(hs, 'the orders connection pool is too small');
    expect(pool?.touches.map((t) => [t.kind, t.what.split(' ')[0]])).toEqual([['message', '@alicia'], ['call', 'logs_search'], ['call', 'jira_get_issue']]);
    expect(pool?.coworkers).toMatchObject([{ persona: 'alicia', verdict: 'symptom' }]);
    expect(pool?.timeSpentS).toBe((Date.parse(pool?.lastAt ?? '') - Date.parse(pool?.firstAt ?? '')) / 1000);
    expect(pool?.timeSpentS).toBeGreaterThan(0);

    expect(byName(hs, 'duplicate seat assignments')?.touches).toMatchObject([{ kind: 'call', what: expect.stringContaining('seating_duplicate_seat_assignments') }]);

    const root = hs[0];
    expect(root?.truth).toBe('root cause');
    expect(root?.touches.map((t) => t.kind)).toEqual(['call', 'message', 'message', 'call']);
    expect(root?.touches[0]?.matched).toContain('PERF-812');
    expect(root?.coworkers).toMatchObject([{ persona: 'dan', verdict: 'confirmed' }]);
    expect(byName(hs, 'DiskUsageHigh on seating')?.touches).toEqual([]);
  });

  it('leaves out the coworkers\' own lookups, status updates, and verdicts on a message that named nothing', () => {
    const j = reportJournal();
    j.call('jira_get_issue', { id: 'ORD-238' }, { caller: { kind: 'bot', name: 'alicia', via: 'http' } });
    j.say('Status: looking at the pool', 'status');
    const first = j.say('@alicia is it the connection pool?', 'question');
    const vague = j.say('@alicia or is it something else entirely?', 'question', { threadTs: first.ts });
    j.reply(vague, 'alicia', 'challenged', 'Not sure what you mean.');
    const pool = byName(traceHypotheses(j.entries, offline.truth), 'the orders connection pool is too small');
    expect(pool?.touches.map((t) => t.seq)).toEqual([first.seq]);
    expect(pool?.coworkers).toEqual([]);
  });
});
