import type { JournalEntry } from '../desk/journal/journal.js';
import { currentGame } from './entries.js';
import { checkApproval, checkConfirmation, checkTwoSources, type GateRule, type RemediationCall, type RuleContext, type RuleOutcome } from './rules.js';
import { remediationKind, type RemediationKind } from './tools.js';

export type { GateRule, RemediationCall };

/** off: no checks; warn: the call runs and a broken rule is recorded; enforce: a broken rule refuses the call. */
export const coachModes = ['off', 'warn', 'enforce'] as const;
export type CoachMode = (typeof coachModes)[number];

export interface GateOptions {
  mode: CoachMode;
  isRead(tool: string): boolean;
  now: Date;
}

export interface GateResult {
  allowed: boolean;
  broken: Array<{ rule: GateRule; reason: string }>;
  /** The rules checked and kept, with their evidence (for the journal's `kept` entries). */
  kept: Array<{ rule: GateRule; reason: string }>;
}

/**
 * Which rules hold for each kind of remediation. Data before approval: it is the order the
 * brief asks for (evidence, then a proposal), so the first broken rule is the next step.
 */
const RULES: Record<RemediationKind, ReadonlyArray<(ctx: RuleContext) => RuleOutcome>> = {
  change: [checkTwoSources, checkApproval],
  conclusion: [checkConfirmation],
  communication: [],
};

/**
 * Whether a remediation call keeps the incident brief's process, from the journal. Only the
 * current game counts: entries after its last `prepared` game entry (or all of them).
 * A coworker persona (`bot` caller) is not the investigator and is never held to it.
 */
export function checkRemediation(entries: readonly JournalEntry[], call: RemediationCall, opts: GateOptions): GateResult {
  if (opts.mode === 'off' || call.caller.kind === 'bot') return { allowed: true, broken: [], kept: [] };
  const ctx: RuleContext = { entries: currentGame(entries).entries, call, isRead: opts.isRead, now: opts.now };
  const outcomes = RULES[remediationKind(call.tool)].map((check) => check(ctx));
  const pick = (kept: boolean) => outcomes.filter((o) => o.kept === kept).map(({ rule, reason }) => ({ rule, reason }));
  const broken = pick(false);
  return { allowed: opts.mode !== 'enforce' || broken.length === 0, broken, kept: pick(true) };
}
