import type { Logger } from 'pino';
import { whoCalled } from '../../coach/entries.js';
import { checkRemediation, type CoachMode } from '../../coach/gate.js';
import type { Journal } from '../journal/journal.js';
import { ToolError } from './errors.js';
import type { GuardDecision, RemediationGuard } from './registry.js';

export interface ProcessGateDeps {
  /** Read at every call: the facilitator may switch the coach during a game (PUT /coach). */
  mode(): CoachMode;
  journal: Journal;
  log: Logger;
  isRead(tool: string): boolean;
  now(): Date;
}

const NOTHING: GuardDecision = { record: () => undefined };

/**
 * The coach's gate in front of every remediation, whichever transport it came by. Each
 * rule checked is journaled as a `process` game entry pointing at the call: `kept`,
 * `broken` (warn: the call ran anyway) or `refused` (enforce: it did not run).
 */
export function createProcessGate(deps: ProcessGateDeps): RemediationGuard {
  return (call) => {
    const mode = deps.mode();
    if (mode === 'off') return NOTHING;
    let verdict: ReturnType<typeof checkRemediation>;
    try {
      verdict = checkRemediation(deps.journal.read(), call, { mode, isRead: deps.isRead, now: deps.now() });
    } catch (err) {
      // The coach scores the process; a fault in it must not stand between the investigator and the fix.
      deps.log.error({ err, tool: call.tool }, 'process check failed; the call runs unchecked');
      return NOTHING;
    }
    const who = whoCalled(call);
    const [first] = verdict.broken;
    const refusal = !verdict.allowed && first
      // Each reason starts with its rule's name; `field` is the first, the next step to take.
      ? new ToolError('process_blocked', 409, verdict.broken.map((b) => b.reason).join('\n'), { field: first.rule })
      : undefined;
    const brokenOutcome = verdict.allowed ? 'broken' : 'refused';
    return {
      ...(refusal ? { refusal } : {}),
      record(ref) {
        for (const b of verdict.broken) deps.journal.append({ type: 'game', event: 'process', rule: b.rule, outcome: brokenOutcome, text: b.reason, who, ref }, deps.now());
        for (const k of verdict.kept) deps.journal.append({ type: 'game', event: 'process', rule: k.rule, outcome: 'kept', text: k.reason, who, ref }, deps.now());
      },
    };
  };
}
