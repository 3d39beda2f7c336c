import type { JournalEntry } from '../desk/journal/journal.js';
import { approvalsIn, coveringApproval, type Approval } from './approval.js';
import { currentGame, inIncidents, isGame, isInvestigatorCall, isInvestigatorMessage, isMessage, isPersonaMessage, type Call } from './entries.js';
import { CONCLUSION_TOOL, POSTING_TOOL, remediationKind, targetOf, type RemediationKind } from './tools.js';

export interface ProcessOptions {
  /** The seq the game starts after; by default the journal's last `prepared` game entry (or its start). */
  since?: number;
  isRemediation(tool: string): boolean;
}

/** One remediation-kind call by the investigator, and whether the process covered it. */
export interface RemediationRecord {
  seq: number;
  at: string;
  tool: string;
  ok: boolean;
  kind: RemediationKind;
  target?: string;
  /** Only a change needs a coworker's go-ahead; communication and the report do not. */
  needsApproval: boolean;
  /** The approval in #incidents, at most 15 minutes before the call, whose targets include its target. */
  approvedBy?: { seq: number; persona: string };
}

export interface ProcessState {
  since: number;
  /** Investigation steps this game (see `isStep`). */
  steps: number;
  statusUpdates: number;
  lastStatusSeq?: number;
  /** Steps after the last status update in #incidents, or after the game start when none was posted. */
  stepsSinceStatus: number;
  /** The coach's last status-cadence nudge (a `nudge` game entry). */
  lastNudgeSeq?: number;
  stepsSinceNudge: number;
  /** Coworker messages with the verdict `confirmed`. */
  confirmations: Array<{ seq: number; persona: string }>;
  /** The first report submitted (a successful incident_submit_report): the investigation's conclusion. */
  firstConclusionSeq?: number;
  /** Whether a coworker confirmed a theory before the conclusion; undefined while there is none. */
  confirmedBeforeConclusion?: boolean;
  /** The first change that went through (a successful change-kind remediation). */
  firstChangeSeq?: number;
  /** Distinct read tools that answered before the first change (all of them while there is none). */
  readToolsBeforeChange: string[];
  approvals: Approval[];
  remediations: RemediationRecord[];
}

/** The `ts` of the Slack message a successful slack_post_message posted. */
function postedTs(call: Call): string | undefined {
  const result = call.result as { ts?: unknown } | undefined;
  return call.ok && typeof result?.ts === 'string' ? result.ts : undefined;
}

/**
 * What counts as an investigation step: every tool call by the investigator, answered or
 * not (a failed call is still a step taken), and every message they write to coworkers
 * except status updates (what the cadence is measured against) and small talk. An agent's
 * slack_post_message is counted once: when the bot journaled the message it posted, the
 * message is the step (it carries the intent) and the call is not.
 */
function stepSeqs(entries: readonly JournalEntry[]): number[] {
  const journaledTs = new Set(entries.filter(isMessage).map((m) => m.ts));
  return entries.flatMap((e) => {
    if (isInvestigatorCall(e)) {
      const ts = e.tool === POSTING_TOOL ? postedTs(e) : undefined;
      return ts !== undefined && journaledTs.has(ts) ? [] : [e.seq];
    }
    if (isInvestigatorMessage(e)) return e.intent === 'status' || e.intent === 'smalltalk' ? [] : [e.seq];
    return [];
  });
}

/** Where the investigator stands against the incident brief's process, from the journal alone. */
export function assessProcess(all: readonly JournalEntry[], opts: ProcessOptions): ProcessState {
  const { since, entries } = currentGame(all, opts.since);
  const steps = stepSeqs(entries);
  const after = (seq: number | undefined) => steps.filter((s) => s > (seq ?? since)).length;

  const statuses = entries.filter((e) => isInvestigatorMessage(e) && e.intent === 'status' && inIncidents(e.channel));
  const lastStatusSeq = statuses.at(-1)?.seq;
  const lastNudgeSeq = entries.filter((e) => isGame(e) && e.event === 'nudge' && (e.rule === undefined || e.rule === 'status-cadence')).at(-1)?.seq;

  const calls = entries.filter(isInvestigatorCall);
  const firstConclusionSeq = calls.find((c) => c.ok && c.tool === CONCLUSION_TOOL)?.seq;
  const firstChangeSeq = calls.find((c) => c.ok && opts.isRemediation(c.tool) && remediationKind(c.tool) === 'change')?.seq;
  const confirmations = entries.flatMap((e) => (isPersonaMessage(e) && e.verdict === 'confirmed' ? [{ seq: e.seq, persona: e.persona }] : []));
  const reads = calls.filter((c) => c.ok && !opts.isRemediation(c.tool) && c.tool !== POSTING_TOOL && c.seq < (firstChangeSeq ?? Number.POSITIVE_INFINITY));

  const approvals = approvalsIn(entries);
  const remediations = calls.filter((c) => opts.isRemediation(c.tool)).map((c): RemediationRecord => {
    const kind = remediationKind(c.tool);
    const target = targetOf(c.tool, c.args);
    const approval = kind === 'change' ? coveringApproval(approvals, target, new Date(c.at), c.seq) : undefined;
    return {
      seq: c.seq, at: c.at, tool: c.tool, ok: c.ok, kind, needsApproval: kind === 'change',
      ...(target === undefined ? {} : { target }),
      ...(approval ? { approvedBy: { seq: approval.seq, persona: approval.persona } } : {}),
    };
  });

  return {
    since, steps: steps.length,
    statusUpdates: statuses.length, ...(lastStatusSeq === undefined ? {} : { lastStatusSeq }), stepsSinceStatus: after(lastStatusSeq),
    ...(lastNudgeSeq === undefined ? {} : { lastNudgeSeq }), stepsSinceNudge: after(lastNudgeSeq),
    confirmations,
    ...(firstConclusionSeq === undefined ? {} : { firstConclusionSeq, confirmedBeforeConclusion: confirmations.some((c) => c.seq < firstConclusionSeq) }),
    ...(firstChangeSeq === undefined ? {} : { firstChangeSeq }),
    readToolsBeforeChange: [...new Set(reads.map((c) => c.tool))],
    approvals, remediations,
  };
}
