import type { CallEntry, GameEntry, JournalEntry, MessageEntry, Verdict } from '../desk/journal/journal.js';
import type { Caller } from '../desk/registry/tool.js';

/** The desk's remediation tools, for tests that classify calls without building the registry. */
export const REMEDIATION_TOOLS: ReadonlySet<string> = new Set([
  'featureflags_set', 'deploy_rollback', 'kubectl_rollout_restart', 'statuspage_update', 'pagerduty_acknowledge', 'pagerduty_resolve', 'incident_submit_report',
]);
export const isRemediation = (tool: string): boolean => REMEDIATION_TOOLS.has(tool);
export const isRead = (tool: string): boolean => !REMEDIATION_TOOLS.has(tool);

export const AGENT: Caller = { kind: 'agent', name: 'claude', via: 'mcp-http' };
export const BOT: Caller = { kind: 'bot', name: 'dan', via: 'http' };

/**
 * A journal written by hand, one entry a line of the test, on a clock the test moves:
 * the coach's tests read like the game they describe.
 */
export function journalFixture(start = new Date('2025-06-01T10:00:00Z')) {
  const entries: JournalEntry[] = [];
  let clock = start.getTime();
  const add = (entry: CallEntry | MessageEntry | GameEntry): JournalEntry => {
    const full = { seq: entries.length + 1, at: new Date(clock).toISOString(), ...entry } as JournalEntry;
    entries.push(full);
    return full;
  };
  return {
    entries,
    now: () => new Date(clock),
    advance(minutes: number) {
      clock += minutes * 60_000;
    },
    call(tool: string, opts: { args?: unknown; ok?: boolean; caller?: Caller; result?: unknown } = {}) {
      const ok = opts.ok ?? true;
      return add({
        type: 'call', tool, args: opts.args ?? {}, caller: opts.caller ?? AGENT, ok, latencyMs: 1,
        ...(ok ? { result: opts.result ?? {} } : { error: { code: 'boom', message: 'failed' } }),
      });
    },
    /** The investigator writing in Slack, as the bot journals it (with the intent it read). */
    say(text: string, intent: string, opts: { channel?: string; ts?: string } = {}) {
      return add({ type: 'message', channel: opts.channel ?? 'incidents', user: 'you', text, ts: opts.ts ?? `${entries.length + 1}.0001`, intent });
    },
    /** A coworker's reply. */
    reply(persona: string, verdict: Verdict, opts: { channel?: string; approval?: { fix: string; targets: string[] } } = {}) {
      return add({
        type: 'message', channel: opts.channel ?? 'incidents', user: persona, text: `${persona}: ${verdict}`, ts: `${entries.length + 1}.0002`, persona, verdict,
        ...(opts.approval ? { approval: opts.approval } : {}),
      });
    },
    game(event: GameEntry['event'], extra: Partial<Omit<GameEntry, 'type' | 'event'>> = {}) {
      return add({ type: 'game', event, text: event, ...extra });
    },
    /** A system post (the pager's page): no persona, no intent. */
    post(text: string, channel = 'incidents') {
      return add({ type: 'message', channel, user: 'pager', text, ts: `${entries.length + 1}.0003` });
    },
  };
}

export type JournalFixture = ReturnType<typeof journalFixture>;
