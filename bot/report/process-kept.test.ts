import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inIncidents, isInvestigatorMessage } from '../coach/entries.js';
import { assessProcess } from '../coach/process.js';
import { POSTING_TOOL } from '../coach/tools.js';
import type { JournalEntry } from '../desk/journal/journal.js';
import { longestSilence } from './process-kept.js';
import { reportJournal } from './report-fixture.js';

const isRemediation = (tool: string) => tool === 'deploy_rollback';

/** The definition longestSilence replaced: the coach asked about the whole game before each update. */
function silenceAskedAtEachUpdate(entries: readonly JournalEntry[]): number {
  const state = assessProcess(entries, { isRemediation });
  const updates = entries.filter((e) => isInvestigatorMessage(e) && e.intent === 'status' && inIncidents(e.channel)).map((e) => e.seq);
  const before = updates.map((seq) => assessProcess(entries.filter((e) => e.seq < seq), { since: state.since, isRemediation }).stepsSinceStatus);
  return Math.max(state.stepsSinceStatus, ...before);
}

// What moves the count: updates in and out of #incidents, steps and non-steps, and agents'
// posts whose message the bot journals before the call, after it, or never.
const step = fc.oneof(
  fc.record({ kind: fc.constant('call' as const), tool: fc.constantFrom('logs_search', 'deploy_rollback', POSTING_TOOL), ok: fc.boolean(), ts: fc.option(fc.integer({ min: 10, max: 30 }), { nil: undefined }) }),
  fc.record({ kind: fc.constant('say' as const), intent: fc.constantFrom('status', 'status', 'question', 'theory', 'smalltalk'), channel: fc.constantFrom('incidents', '#Incidents', 'orders'), ts: fc.integer({ min: 10, max: 30 }) }),
  fc.record({ kind: fc.constant('reply' as const), ts: fc.integer({ min: 10, max: 30 }) }),
  fc.record({ kind: fc.constantFrom('prepared' as const, 'nudge' as const) }),
);

type Step = typeof step extends fc.Arbitrary<infer S> ? S : never;

/** The steps as the desk journals them, with a few Slack ts in common so posts and messages meet. */
function gameOf(steps: readonly Step[]): JournalEntry[] {
  const j = reportJournal();
  const tsOf = (n: number) => `1800000000.0001${n}`;
  for (const s of steps) {
    if (s.kind === 'call') j.call(s.tool, { service: 'fulfillment' }, { ok: s.ok, result: s.ts === undefined ? { ok: true } : { ts: tsOf(s.ts) } });
    else if (s.kind === 'say') Object.assign(j.say('Status: looking', s.intent, { channel: s.channel }), { ts: tsOf(s.ts) });
    else if (s.kind === 'reply') Object.assign(j.post('a coworker said'), { ts: tsOf(s.ts), persona: 'dan', verdict: 'confirmed' });
    else j.game(s.kind, s.kind === 'nudge' ? { rule: 'status-cadence' } : {});
  }
  return j.entries;
}

describe('longestSilence', () => {
  it('counts as the coach does when asked about the whole game before each update', () => {
    fc.assert(fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
      const entries = gameOf(steps);
      const state = assessProcess(entries, { isRemediation });
      expect(longestSilence(entries, state, isRemediation)).toBe(silenceAskedAtEachUpdate(entries));
    }), { numRuns: 500 });
  });

  it('counts no agent post as a step when its message was journaled before the previous update', () => {
    const j = reportJournal();
    const posted = j.say('@dan rolling back fulfillment', 'fix');
    j.say('Status: rolling back', 'status');
    j.call(POSTING_TOOL, { channel: 'incidents' }, { result: { ts: posted.ts } });
    for (let i = 0; i < 3; i += 1) j.call('logs_search', { query: 'timed out' });
    j.say('Status: rolled back', 'status');
    const state = assessProcess(j.entries, { isRemediation });
    expect(silenceAskedAtEachUpdate(j.entries)).toBe(3);
    expect(longestSilence(j.entries, state, isRemediation)).toBe(3);
  });
});
