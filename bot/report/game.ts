import { gameStart, isInvestigatorCall, isInvestigatorMessage } from '../coach/entries.js';
import type { JournalEntry } from '../desk/journal/journal.js';
import type { ReportInputs } from './types.js';

/**
 * The desk's remediation tools as its catalogue lists them today; gather.ts may pass the
 * live catalogue in ReportInputs.remediationTools instead, which wins.
 */
export const DESK_REMEDIATION_TOOLS: readonly string[] = [
  'featureflags_set', 'deploy_rollback', 'kubectl_rollout_restart', 'statuspage_update', 'pagerduty_acknowledge', 'pagerduty_resolve', 'incident_submit_report',
];

export function remediationCheck(inputs: Pick<ReportInputs, 'remediationTools'>): (tool: string) => boolean {
  const tools = new Set(inputs.remediationTools ?? DESK_REMEDIATION_TOOLS);
  return (tool) => tools.has(tool);
}

/**
 * The game's entries, its `prepared` entry included, oldest first. gather.ts already hands
 * over only the game; this keeps a journal that still holds an earlier game from leaking into it.
 */
export function gameOf(journal: readonly JournalEntry[]): JournalEntry[] {
  const start = gameStart(journal);
  return journal.filter((e) => e.seq >= start).sort((a, b) => a.seq - b.seq);
}

/** The investigator's calls and messages (not coworkers', not the pager's). */
export const investigatorEntries = (entries: readonly JournalEntry[]): JournalEntry[] =>
  entries.filter((e) => isInvestigatorCall(e) || isInvestigatorMessage(e));

/** Who played: the name on the investigator's first call or message. */
export function investigatorName(entries: readonly JournalEntry[]): string | undefined {
  for (const e of investigatorEntries(entries)) {
    if (e.type === 'call') return e.caller.name ?? e.caller.kind;
    if (e.type === 'message') return e.user;
  }
  return undefined;
}
