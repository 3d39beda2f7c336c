import { describe, expect, it } from 'vitest';
import { isRemediation, journalFixture, type JournalFixture } from './journal-fixture.js';
import { statusNudge } from './nudge.js';
import { assessProcess } from './process.js';

const every = { min: 5, max: 10 };
const nudge = (j: JournalFixture) => statusNudge(assessProcess(j.entries, { isRemediation }), { every });
const steps = (j: JournalFixture, n: number) => {
  for (let i = 0; i < n; i += 1) j.call('prometheus_query');
};
/** What the bot does with a nudge: post it and journal it. */
const nudged = (j: JournalFixture) => j.game('nudge', { rule: 'status-cadence', text: nudge(j) ?? '' });

describe('statusNudge', () => {
  it('stays quiet for up to 10 steps, then names the count', () => {
    const j = journalFixture();
    steps(j, 10);
    expect(nudge(j)).toBeUndefined();
    steps(j, 1);
    expect(nudge(j)).toBe('Status check: 11 investigation steps since the incident started, and no status update yet. '
      + 'The process asks for one in #incidents every 5–10 steps: post what you have found, what you have ruled out, and what you are looking at next.');
  });

  it('nudges once per overdue window: again only after another 10 steps', () => {
    const j = journalFixture();
    steps(j, 11);
    nudged(j);
    expect(nudge(j)).toBeUndefined();
    steps(j, 9);
    expect(nudge(j)).toBeUndefined();
    steps(j, 1);
    expect(nudge(j)).toContain('21 investigation steps');
  });

  it('counts from the last status update, and a nudge from before it does not hold the next one back', () => {
    const j = journalFixture();
    steps(j, 11);
    nudged(j);
    steps(j, 2);
    j.say('Status: orders pool saturated; ruled out seating', 'status');
    steps(j, 10);
    expect(nudge(j)).toBeUndefined();
    steps(j, 1);
    expect(nudge(j)).toContain('11 investigation steps since your last status update');
  });
});
