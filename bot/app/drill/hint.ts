import { durationMs } from '../../../chaos/runner/steps.js';
import type { Scenario } from '../../../chaos/scenario/schema.js';
import { context, escapeMrkdwn, section } from './blocks.js';
import { gameOf, hintsTaken, utcClock, type Game } from './game.js';
import type { DrillAnswer, DrillDeps, DrillInput } from './types.js';

export const HINTS = 3;

/**
 * When the trouble began: the first step of the method that is not noise (the cause), to
 * the minute — precise enough to line a timeline up, too coarse to name one commit.
 */
export function troubleStartedAt(scenario: Scenario, injectedAt: Date): Date {
  const cause = scenario.method.find((s) => s.kind !== 'noise');
  const at = new Date(injectedAt.getTime() + (cause ? durationMs(cause.at) : 0));
  at.setUTCSeconds(0, 0);
  return at;
}

/**
 * Hint n (1-based), each narrower than the last and none naming the change or how it
 * works: where to look, what is noise, which component holds the cause.
 */
export function hintText(scenario: Scenario, n: number, game: Game, now: Date): string {
  if (n === 1) {
    const started = troubleStartedAt(scenario, game.injectedAt);
    const ago = Math.floor((now.getTime() - started.getTime()) / 60_000);
    const when = ago > 0 ? `started around ${utcClock(started)} (${ago} min ago)` : ago === 0 ? `started around ${utcClock(started)} (just now)` : `starts around ${utcClock(started)} (in ${-ago} min)`;
    return `Work back from the first symptom — ${scenario.truth.symptoms[0] ?? 'what the page says'}. The trouble ${when}: look at what happened in the minutes before that.`;
  }
  if (n === 2) {
    const symptoms = scenario.truth.redHerrings.filter((r) => r.verdict === 'symptom').map((r) => r.name);
    const unrelated = scenario.truth.redHerrings.filter((r) => r.verdict === 'unrelated').map((r) => r.name);
    if (symptoms.length + unrelated.length === 0) return 'There are no red herrings in this one: what you see is all part of one story.';
    return [
      'Not the cause:',
      ...symptoms.map((s) => `• ${s} (real, but a symptom)`),
      ...unrelated.map((s) => `• ${s} (noise)`),
    ].join('\n');
  }
  return `The root cause lives in ${scenario.truth.rootCause.component}. What changed there, and how does that change lead to the symptoms you see?`;
}

/**
 * `/drill hint`: the asker's next hint for the injected scenario, recorded in the journal
 * before it is shown (the scorecard counts it). Only the asker sees it.
 */
export async function drillHint(input: DrillInput, deps: DrillDeps): Promise<DrillAnswer> {
  const game = gameOf(await deps.desk.briefing());
  if (!game) return { text: 'No game is on, so there is nothing to hint at.', blocks: [section('*No game is on*, so there is nothing to hint at.')], ephemeral: true };
  const scenario = deps.scenario(game.scenario);
  if (!scenario) return { text: `No hints: the scenario ${game.scenario} could not be loaded.`, blocks: [section(`No hints: the scenario \`${escapeMrkdwn(game.scenario)}\` could not be loaded.`)], ephemeral: true };
  const taken = hintsTaken(await deps.journal(), game, input);
  if (taken >= HINTS) {
    const text = `No more hints: you have had all ${HINTS}. Test your theory with a coworker and data from two tools.`;
    return { text, blocks: [section(text)], ephemeral: true };
  }
  const n = taken + 1;
  const hint = hintText(scenario, n, game, deps.now());
  await deps.record({ event: 'hint', who: input.userName, text: `hint ${n}/${HINTS}: ${hint}` });
  return {
    text: `Hint ${n} of ${HINTS}: ${hint}`,
    blocks: [
      section(`:bulb: *Hint ${n} of ${HINTS}*\n${escapeMrkdwn(hint)}`),
      context(`Hints cost score: this one is on your scorecard.${n < HINTS ? ' `/drill hint` again for the next.' : ' That was the last.'}`),
    ],
    ephemeral: true,
  };
}
