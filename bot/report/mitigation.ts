import type { Scenario } from '../../chaos/scenario/schema.js';
import { matchFix } from '../app/personas/match.js';
import { isCall } from '../coach/entries.js';
import type { ProcessState } from '../coach/process.js';
import { describeChange, targetOf } from '../coach/tools.js';
import type { JournalEntry } from '../desk/journal/journal.js';
import type { ProbeResult, Scorecard } from './types.js';

/** Mitigated for real: the scenario's steady-state probes all pass (none read is not a pass). */
export const isMitigated = (steady: readonly ProbeResult[]): boolean => steady.length > 0 && steady.every((p) => p.ok);

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * Whether a change reads as one of the scenario's fixes: in the words a teammate would use
 * for it (the fix matcher the approvals use), else by acting on a fix's target that no trap
 * acts on ("set fulfillmentDispatchPaused to off" names no keyword but only the fix touches the flag).
 */
function readsAsFix(tool: string, args: unknown, remedies: Scenario['remedies']): boolean {
  const m = matchFix(describeChange(tool, args), remedies);
  if (m.kind !== 'unknown') return m.kind === 'fix';
  const target = targetOf(tool, args);
  if (target === undefined) return false;
  const touches = (list: Scenario['remedies']['fixes']) => list.some((r) => r.targets.some((t) => same(t, target)));
  return touches(remedies.fixes) && !touches(remedies.traps);
}

/**
 * The change credited with the mitigation, when the probes found the lab mitigated: the
 * first successful change up to `until` that reads as a fix (a trap tried first is not
 * credited), else the last change before `until` (it left the lab as it was measured).
 * Undefined when nothing the investigator changed can be credited.
 */
export function mitigatingChange(entries: readonly JournalEntry[], state: ProcessState, remedies: Scenario['remedies'], until: number): Scorecard['mitigatedBy'] {
  const calls = new Map(entries.filter(isCall).map((c) => [c.seq, c] as const));
  const changes = state.remediations.filter((r) => r.kind === 'change' && r.ok && Date.parse(r.at) <= until);
  const credited = changes.find((r) => {
    const call = calls.get(r.seq);
    return call !== undefined && readsAsFix(call.tool, call.args, remedies);
  }) ?? changes.at(-1);
  if (!credited) return undefined;
  return { seq: credited.seq, at: credited.at, tool: credited.tool, ...(credited.target === undefined ? {} : { target: credited.target }) };
}
