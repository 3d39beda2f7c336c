import type { ProcessState } from './process.js';

export interface NudgeOptions {
  /** The brief's cadence: a status update every `min`–`max` investigation steps. */
  every: { min: number; max: number };
}

/**
 * A reminder to post a status update in #incidents, once the investigator is more than
 * `max` steps past the last one (or past the game start). Once per overdue window: after a
 * nudge (a `nudge` game entry the bot journals) it stays quiet until `max` more steps.
 * A nudge from before the last status update needs no check: that window is closed, and
 * the steps since it are at least those since the update.
 */
export function statusNudge(state: ProcessState, opts: NudgeOptions): string | undefined {
  const { min, max } = opts.every;
  if (state.stepsSinceStatus <= max) return undefined;
  if (state.lastNudgeSeq !== undefined && state.stepsSinceNudge < max) return undefined;
  const since = state.lastStatusSeq === undefined ? 'since the incident started, and no status update yet' : 'since your last status update';
  return `Status check: ${state.stepsSinceStatus} investigation steps ${since}. The process asks for one in #incidents every ${min}–${max} steps: `
    + 'post what you have found, what you have ruled out, and what you are looking at next.';
}
