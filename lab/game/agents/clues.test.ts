import { describe, expect, it } from 'vitest';
import { classifyIntent } from '../../../bot/app/personas/intent.js';
import {
  alertNames, alertsSinceQuery, componentOf, fixText, handleOf, handlesIn, headline, instantValue, isApproval, latestChange, linesOf, nameOf, steadyQuery, theoryText, troubleSince, whatChanged,
  type CiRun, type CommitView, type FlagView, type IncidentView,
} from './clues.js';

const NOW = new Date('2026-11-30T09:00:00Z');

const run = (over: Partial<CiRun>): CiRun => ({
  id: 'run-0001', service: 'seating', status: 'succeeded', commit: 'aaaaaaa', author: 'Priya Raman', subject: 'TIX-84 seating: audit', triggeredBy: 'priya', startedAt: '2026-11-30T08:50:00Z', ...over,
});
const flag = (over: Partial<FlagView>): FlagView => ({ name: 'storefrontBreakerEnabled', defaultVariant: 'on', lastChange: null, ...over });
const commit = (over: Partial<CommitView>): CommitView => ({ sha: 'f'.repeat(40), short: 'fffffff', author: 'X', email: 'x@shop.example', date: '', subject: '', body: '', ...over });

const perf812 = run({ id: 'run-0012', service: 'fulfillment', commit: 'b1b2b3b', author: 'Dan Moreno', subject: 'PERF-812 fulfillment: fail fast on slow partners', startedAt: '2026-11-30T08:51:30Z' });
const ful170 = flag({
  name: 'fulfillmentDispatchPaused', defaultVariant: 'on',
  lastChange: { commit: 'c1c2c3c', author: 'Dan Moreno', date: '2026-11-30T08:55:00Z', subject: "FUL-170 pause dispatch during acme's maintenance window", change: 'variant', from: 'off', to: 'on' },
});

describe('latestChange', () => {
  it('picks the newest deploy or flag change up to now, not the decoy before it', () => {
    expect(latestChange([run({}), perf812], [], NOW)).toMatchObject({ kind: 'deploy', service: 'fulfillment', ticket: 'PERF-812', run: 'run-0012' });
    expect(latestChange([run({}), perf812], [ful170], NOW)).toMatchObject({ kind: 'flag', flag: 'fulfillmentDispatchPaused', from: 'off', to: 'on', current: 'on', ticket: 'FUL-170' });
  });

  it('leaves out failed runs, rollbacks, definition-only flag edits and changes from the future', () => {
    const later = { startedAt: '2026-11-30T08:59:00Z' };
    expect(latestChange([perf812, run({ ...later, status: 'failed' }), run({ ...later, subject: 'Revert "PERF-812 …"' }), run({ startedAt: '2026-11-30T10:00:00Z' })],
      [flag({ lastChange: { commit: 'd', author: 'Kevin', date: '2026-11-30T08:58:00Z', subject: 'rename', change: 'definition' } })], NOW)?.commit).toBe('b1b2b3b');
    expect(latestChange([], [], NOW)).toBeUndefined();
  });
});

describe('what the responder says', () => {
  const deploy = latestChange([perf812], [], NOW);
  const paused = latestChange([], [ful170], NOW);
  if (!deploy || !paused) throw new Error('fixtures');

  it('finds the author by commit e-mail and the lines the commit wrote by blame', () => {
    expect(handleOf(deploy, [commit({}), commit({ short: 'b1b2b3b', email: 'dan@shop.example' })])).toBe('dan');
    expect(handleOf(deploy, [])).toBeUndefined();
    expect(linesOf(deploy, [{ line: 1, commit: 'b1b2b3b', text: 'partnerTimeoutMs: 1500' }, { line: 2, commit: 'aaaaaaa', text: 'maxAttempts: 5' }, { line: 3, commit: 'b1b2b3b', text: 'sendIdempotencyKey: false' }]))
      .toEqual(['partnerTimeoutMs: 1500', 'sendIdempotencyKey: false']);
  });

  it('words a theory the coworkers read as a theory, naming the change and what it did', () => {
    const trouble: IncidentView[] = [{ id: 'INC-1', title: 'FulfillmentDispatchPaused', status: 'triggered', service: 'fulfillment', createdAt: '2026-11-30T08:56:00Z' }];
    const text = theoryText(paused, 'dan', whatChanged(paused, []), trouble);
    expect(text).toBe('@dan I think the root cause is FUL-170 (c1c2c3c, "pause dispatch during acme\'s maintenance window" by Dan Moreno): flag fulfillmentDispatchPaused went from off to on and it is still on. Since then the pager opened FulfillmentDispatchPaused. Does that make sense?');
    expect(classifyIntent(text).kind).toBe('theory');
    const deployTheory = theoryText(deploy, 'dan', whatChanged(deploy, ['partnerTimeoutMs: 1500', 'sendIdempotencyKey: false']), []);
    expect(deployTheory).toContain('PERF-812 (b1b2b3b, "fulfillment: fail fast on slow partners" by Dan Moreno): a fulfillment config deploy (run-0012), setting partnerTimeoutMs: 1500, sendIdempotencyKey: false');
    expect(classifyIntent(deployTheory).kind).toBe('theory');
  });

  it('proposes the fix as the brief does, read as a fix proposal', () => {
    expect(fixText(deploy, 'kevin')).toBe('@kevin I want to roll back fulfillment to before PERF-812, ok?');
    expect(fixText(paused, 'dan')).toBe('@dan I want to set fulfillmentDispatchPaused off, ok?');
    expect(fixText(paused, undefined)).toBe('I want to set fulfillmentDispatchPaused off, ok?');
    for (const t of [fixText(deploy, 'kevin'), fixText(paused, undefined)]) expect(classifyIntent(t).kind).toBe('fix');
  });

  it('tells an approval from a pointer to someone else', () => {
    expect(isApproval('Go ahead, approved. *pause dispatch*: …')).toBe(true);
    expect(isApproval("Makes sense from where I sit.\nIt's not mine to sign off, though: ask @kevin or @alicia in #incidents.")).toBe(false);
    expect(handlesIn("It's not mine to sign off, though: ask @kevin or @alicia in #incidents.", ['dan'])).toEqual(['kevin', 'alicia']);
    expect(handlesIn('ask @dan.', ['dan'])).toEqual([]);
  });

  it('names the component, the trouble since the change and the steady signal', () => {
    const trouble = troubleSince([
      { id: 'a', title: 'SeatingDuplicateSeatAssignments', status: 'triggered', service: 'seating', createdAt: '2026-11-29T08:00:00Z' },
      { id: 'b', title: 'FulfillmentDispatchPaused', status: 'triggered', service: 'fulfillment', createdAt: '2026-11-30T08:56:00Z' },
      { id: 'c', title: 'Old', status: 'resolved', service: 'fulfillment', createdAt: '2026-11-30T08:57:00Z' },
    ], paused);
    expect(trouble.map((i) => i.id)).toEqual(['b']);
    expect(componentOf(paused, trouble, ['orders', 'fulfillment'])).toBe('fulfillment');
    expect(componentOf(paused, [], [])).toBe('feature flags');
    expect(componentOf(deploy, [], [])).toBe('fulfillment');
    const since = Date.parse('2026-11-30T08:54:00Z') / 1000;
    expect(alertsSinceQuery(paused)).toBe(`ALERTS_FOR_STATE > ${since}`);
    const active = { resultType: 'vector', result: [{ metric: { alertname: 'FulfillmentDispatchPaused', service: 'fulfillment' }, value: [1, '1796027459'] }, { metric: { alertname: 'FulfillmentDispatchPaused' } }, { metric: { alertname: 'Bad"Name' } }] };
    expect(alertNames(active)).toEqual(['FulfillmentDispatchPaused']);
    expect(steadyQuery(paused, ['FulfillmentDispatchPaused', 'StorefrontBreakerOpen'])).toBe(`count(ALERTS_FOR_STATE{alertname=~"FulfillmentDispatchPaused|StorefrontBreakerOpen"} > ${since}) or vector(0)`);
    expect(steadyQuery(paused, [])).toBe(`count(ALERTS_FOR_STATE > ${since}) or vector(0)`);
    expect(instantValue({ resultType: 'vector', result: [{ metric: {}, value: [1, '2'] }] })).toBe(2);
    expect(instantValue({ result: [] })).toBeUndefined();
  });

  it('reads the headline of a briefing', () => {
    expect(headline(':package: *Orders are not shipping* — support reports …')).toBe('Orders are not shipping');
    expect(headline('Plain first line\nmore')).toBe('Plain first line');
    expect(nameOf({ ...deploy, ticket: undefined })).toBe('commit b1b2b3b ("PERF-812 fulfillment: fail fast on slow partners" by Dan Moreno)');
  });
});
