import type { JournalEntry } from '../desk/journal/journal.js';
import { inIncidents, isPersonaMessage } from './entries.js';

/** How long a coworker's go-ahead stands: long enough to act on it, short enough that the situation has not moved on. */
export const APPROVAL_WINDOW_MS = 15 * 60_000;

/** A coworker approving a fix proposal (a persona message carrying `approval`). */
export interface Approval {
  seq: number;
  at: string;
  persona: string;
  channel: string;
  fix: string;
  targets: string[];
  /** Posted in #incidents, where the team sees it; a DM approval does not count. */
  inIncidents: boolean;
}

export function approvalsIn(entries: readonly JournalEntry[]): Approval[] {
  return entries.flatMap((e) => isPersonaMessage(e) && e.approval
    ? [{ seq: e.seq, at: e.at, persona: e.persona, channel: e.channel, fix: e.approval.fix, targets: e.approval.targets, inIncidents: inIncidents(e.channel) }]
    : []);
}

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** A change without a target (a tool not naming a service, deployment or flag) is covered by any approval. */
export const coversTarget = (a: Approval, target: string | undefined): boolean =>
  target === undefined || a.targets.some((t) => same(t, target));

/** At most the window old at `at`. Order is the journal's seq, not the clock, so a later time is not refused. */
export const withinWindow = (a: Approval, at: Date): boolean => at.getTime() - Date.parse(a.at) <= APPROVAL_WINDOW_MS;

/** The newest approval in #incidents, within the window before `at`, whose targets include `target`. */
export function coveringApproval(approvals: readonly Approval[], target: string | undefined, at: Date, beforeSeq = Number.POSITIVE_INFINITY): Approval | undefined {
  return approvals.filter((a) => a.seq < beforeSeq && a.inIncidents && coversTarget(a, target) && withinWindow(a, at)).at(-1);
}
