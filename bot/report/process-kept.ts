import { inIncidents, isGame, isInvestigatorMessage } from '../coach/entries.js';
import { assessProcess, type ProcessState } from '../coach/process.js';
import type { JournalEntry } from '../desk/journal/journal.js';
import type { ProcessJudgement } from './types.js';

/** The brief's cadence: a status update in #incidents every 5–10 steps. */
export const STATUS_EVERY_MIN_STEPS = 5;
export const STATUS_EVERY_MAX_STEPS = 10;

export interface ProcessVerdict {
  kept: string[];
  broken: string[];
  details: ProcessJudgement[];
  state: ProcessState;
}

/**
 * The most steps the investigator went without a status update in #incidents: before each
 * update, and after the last one. The coach counts steps; asking it at each update keeps
 * one definition of a step.
 */
function longestSilence(entries: readonly JournalEntry[], state: ProcessState, isRemediation: (tool: string) => boolean): number {
  const updates = entries.filter((e) => isInvestigatorMessage(e) && e.intent === 'status' && inIncidents(e.channel)).map((e) => e.seq);
  const before = updates.map((seq) => assessProcess(entries.filter((e) => e.seq < seq), { since: state.since, isRemediation }).stepsSinceStatus);
  return Math.max(state.stepsSinceStatus, ...before);
}

/** The coach's rules over the whole game, judged only where they applied (no change: no approval to keep). */
function judgeFromJournal(entries: readonly JournalEntry[], state: ProcessState, isRemediation: (tool: string) => boolean): ProcessJudgement[] {
  const out: ProcessJudgement[] = [];
  const judge = (rule: string, kept: boolean, reason: string) => out.push({ rule, outcome: kept ? 'kept' : 'broken', reason });

  // Under STATUS_EVERY_MIN_STEPS no update was due yet: nothing to keep, so nothing to score.
  if (state.steps >= STATUS_EVERY_MIN_STEPS) {
    const silence = longestSilence(entries, state, isRemediation);
    judge('status-cadence', silence <= STATUS_EVERY_MAX_STEPS,
      `${state.statusUpdates} status update(s) in #incidents over ${state.steps} steps; at most ${silence} steps went without one (the brief asks for one every 5–10)`);
  }
  if (state.firstConclusionSeq !== undefined) {
    const first = state.confirmations[0];
    judge('confirmation', state.confirmedBeforeConclusion === true, state.confirmedBeforeConclusion === true && first
      ? `${first.persona} confirmed a theory (seq ${first.seq}) before the report (seq ${state.firstConclusionSeq})`
      : `no coworker confirmed a theory before the report (seq ${state.firstConclusionSeq})`);
  }
  if (state.firstChangeSeq !== undefined) {
    const reads = state.readToolsBeforeChange;
    judge('two-sources', reads.length >= 2, `${reads.length} read tool(s) answered before the first change (seq ${state.firstChangeSeq})${reads.length > 0 ? `: ${reads.join(', ')}` : ''}`);
  }
  const changes = state.remediations.filter((r) => r.needsApproval);
  if (changes.length > 0) {
    const unapproved = changes.filter((r) => r.approvedBy === undefined);
    const what = (r: (typeof changes)[number]) => `${r.tool}${r.target ? ` ${r.target}` : ''} (seq ${r.seq})`;
    judge('approval', unapproved.length === 0, unapproved.length === 0
      ? `every change had a coworker's approval in #incidents: ${changes.map((r) => `${what(r)} by ${r.approvedBy?.persona ?? '?'}`).join('; ')}`
      : `without an approval in #incidents: ${unapproved.map(what).join('; ')}`);
  }
  return out;
}

/**
 * Process kept and broken, rule by rule: the coach's assessment of the journal, and the
 * `process` events the desk's gate journaled as calls were checked. A rule broken either
 * way is broken (an enforced refusal still shows the rule was about to be broken).
 */
export function judgeProcess(entries: readonly JournalEntry[], isRemediation: (tool: string) => boolean): ProcessVerdict {
  const state = assessProcess(entries, { isRemediation });
  const details = judgeFromJournal(entries, state, isRemediation);
  for (const e of entries.filter(isGame)) {
    if (e.event !== 'process' || e.rule === undefined || e.outcome === undefined) continue;
    const outcome = e.outcome === 'kept' ? 'kept' : 'broken';
    details.push({ rule: e.rule, outcome, reason: `the desk's gate (seq ${e.seq}, ${e.outcome}): ${e.text}` });
  }
  const rules = [...new Set(details.map((d) => d.rule))];
  const broken = rules.filter((r) => details.some((d) => d.rule === r && d.outcome === 'broken'));
  return { kept: rules.filter((r) => !broken.includes(r)), broken, details, state };
}
