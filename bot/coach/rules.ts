import type { JournalEntry } from '../desk/journal/journal.js';
import type { Caller } from '../desk/registry/tool.js';
import { APPROVAL_WINDOW_MS, approvalsIn, coversTarget, coveringApproval, withinWindow, type Approval } from './approval.js';
import { isInvestigatorCall, isPersonaMessage } from './entries.js';
import { describeChange, POSTING_TOOL, targetOf } from './tools.js';

/** The rules a remediation call is checked against before it runs. */
export type GateRule = 'approval' | 'two-sources' | 'confirmation';

export interface RuleOutcome {
  rule: GateRule;
  kept: boolean;
  /** Broken: what is missing and what to do next. Kept: the evidence it was kept. */
  reason: string;
}

export interface RemediationCall {
  tool: string;
  args: unknown;
  caller: Caller;
}

export interface RuleContext {
  /** The current game's entries, oldest first. */
  entries: readonly JournalEntry[];
  call: RemediationCall;
  isRead(tool: string): boolean;
  now: Date;
}

const WINDOW_MINUTES = APPROVAL_WINDOW_MS / 60_000;

function ago(now: Date, at: string): string {
  const minutes = Math.floor((now.getTime() - Date.parse(at)) / 60_000);
  if (minutes < 1) return 'less than a minute ago';
  return minutes === 1 ? '1 minute ago' : `${minutes} minutes ago`;
}

const where = (channel: string) => (channel === 'dm' ? 'a direct message' : `#${channel.replace(/^#/, '')}`);

/** The coworker to address in an example: the one who spoke last, so the example names a real handle. */
function lastPersona(entries: readonly JournalEntry[]): string {
  return entries.filter(isPersonaMessage).at(-1)?.persona ?? '<coworker>';
}

export function checkApproval({ entries, call, now }: RuleContext): RuleOutcome {
  const target = targetOf(call.tool, call.args);
  const approvals = approvalsIn(entries);
  const covering = coveringApproval(approvals, target, now);
  if (covering) {
    return { rule: 'approval', kept: true, reason: `approval: ${covering.persona} approved "${covering.fix}" for ${covering.targets.join(', ')} in #incidents ${ago(now, covering.at)} (seq ${covering.seq})` };
  }
  const what = target === undefined ? `this ${call.tool}` : `a change to ${target}`;
  const example = `\`@${lastPersona(entries)} I want to ${describeChange(call.tool, call.args)} — ok?\``;
  const newest = (keep: (a: Approval) => boolean) => approvals.filter(keep).at(-1);
  const elsewhere = newest((a) => !a.inIncidents && coversTarget(a, target) && withinWindow(a, now));
  const stale = newest((a) => a.inIncidents && coversTarget(a, target));
  const other = newest((a) => a.inIncidents && withinWindow(a, now));
  const reason = elsewhere
    ? `approval: ${elsewhere.persona} approved ${what} in ${where(elsewhere.channel)}, not in #incidents where the team can see it; propose it in #incidents (e.g. ${example}) and wait for an approval there`
    : stale
      ? `approval: ${stale.persona} approved ${what} in #incidents ${ago(now, stale.at)}, more than ${WINDOW_MINUTES} minutes ago, and the incident may have moved on; check in #incidents that it still stands (e.g. ${example}) and wait for an approval`
      : other
        ? `approval: ${other.persona}'s approval of "${other.fix}" covers ${other.targets.join(', ')}, not ${target ?? call.tool}; propose this change in #incidents too (e.g. ${example}) and wait for an approval`
        : `approval: no coworker has approved ${what} in #incidents in the last ${WINDOW_MINUTES} minutes; propose the fix there (e.g. ${example}) and wait for an approval`;
  return { rule: 'approval', kept: false, reason };
}

/** Distinct read tools that answered the investigator: data, so not slack_post_message. */
export function readToolsUsed(entries: readonly JournalEntry[], isRead: (tool: string) => boolean): string[] {
  return [...new Set(entries.filter(isInvestigatorCall).filter((c) => c.ok && isRead(c.tool) && c.tool !== POSTING_TOOL).map((c) => c.tool))];
}

export function checkTwoSources({ entries, isRead }: RuleContext): RuleOutcome {
  const used = readToolsUsed(entries, isRead);
  if (used.length >= 2) return { rule: 'two-sources', kept: true, reason: `two-sources: data from ${used.length} read tools before the change (${used.join(', ')})` };
  const sofar = used[0] === undefined ? 'no read tool has answered you yet in this game' : `so far only ${used[0]} has`;
  return {
    rule: 'two-sources', kept: false,
    reason: `two-sources: before a change, back your theory with data from at least two different tools; ${sofar}. Check the same signal in another one (logs, metrics, traces, recent commits, flags) before changing anything`,
  };
}

export function checkConfirmation({ entries }: RuleContext): RuleOutcome {
  const verdicts = entries.filter(isPersonaMessage).filter((m) => m.verdict !== undefined);
  const confirmed = verdicts.filter((m) => m.verdict === 'confirmed').at(-1);
  if (confirmed) return { rule: 'confirmation', kept: true, reason: `confirmation: ${confirmed.persona} confirmed a theory (seq ${confirmed.seq}) before the report` };
  const doubt = verdicts.filter((m) => m.verdict === 'challenged' || m.verdict === 'symptom').at(-1);
  const said = doubt ? ` (the last verdict, ${doubt.persona}'s, ${doubt.verdict === 'symptom' ? 'called it a symptom' : 'challenged it'})` : '';
  const example = `\`@${doubt?.persona ?? lastPersona(entries)} I think the root cause is … — does that match what you see?\``;
  return {
    rule: 'confirmation', kept: false,
    reason: `confirmation: no coworker has confirmed your theory yet${said}; before you submit the report, put your root cause to a coworker who knows that area (e.g. ${example}) and wait for them to confirm it`,
  };
}
