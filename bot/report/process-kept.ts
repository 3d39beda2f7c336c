import { inIncidents, isCall, isGame, isInvestigatorMessage, isMessage } from '../coach/entries.js';
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
 *
 * At each update the coach is shown the stretch since the previous update (and that update),
 * not the whole game so far, which was quadratic in a long game. Its answer is the same: it
 * counts the steps after the last update it sees, and whether an entry is a step depends on
 * the entry alone, but for a posting call: no step when the bot journaled the message it
 * posted. So the earlier messages bearing a Slack ts that a call of the stretch returned are
 * shown too (before the previous update, they are no step themselves). Entries are oldest
 * first with distinct seqs, as gameOf gives them.
 */
export function longestSilence(entries: readonly JournalEntry[], state: ProcessState, isRemediation: (tool: string) => boolean): number {
  const game = entries.filter((e) => e.seq > state.since);
  const messagesByTs = new Map<string, JournalEntry[]>();
  for (const m of game.filter(isMessage)) {
    const same = messagesByTs.get(m.ts);
    if (same === undefined) messagesByTs.set(m.ts, [m]);
    else same.push(m);
  }
  let longest = state.stepsSinceStatus;
  let previous: JournalEntry | undefined;
  let stretch: JournalEntry[] = [];
  for (const e of game) {
    if (!isStatusUpdate(e)) {
      stretch.push(e);
      continue;
    }
    const shown = previous === undefined ? stretch : [...postedEarlier(stretch, messagesByTs, previous.seq), previous, ...stretch];
    longest = Math.max(longest, assessProcess(shown, { since: state.since, isRemediation }).stepsSinceStatus);
    previous = e;
    stretch = [];
  }
  return longest;
}

const isStatusUpdate = (e: JournalEntry): boolean => isInvestigatorMessage(e) && e.intent === 'status' && inIncidents(e.channel);

/**
 * The messages before `seq` bearing a Slack ts that a call of the stretch returned, oldest
 * first. The coach reads the ts only from a successful slack_post_message; taking it from any
 * call shows it at most a message more of the game, one before the update, which is no step.
 */
function postedEarlier(stretch: readonly JournalEntry[], messagesByTs: ReadonlyMap<string, JournalEntry[]>, seq: number): JournalEntry[] {
  const returned = new Set(stretch.flatMap((c) => {
    const ts = isCall(c) ? (c.result as { ts?: unknown } | undefined)?.ts : undefined;
    return typeof ts === 'string' ? [ts] : [];
  }));
  return [...returned].flatMap((ts) => messagesByTs.get(ts) ?? []).filter((m) => m.seq < seq).sort((a, b) => a.seq - b.seq);
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
