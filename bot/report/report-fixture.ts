import type { Scenario } from '../../chaos/scenario/schema.js';
import type { CallEntry, GameEntry, JournalEntry, MessageEntry, Verdict } from '../desk/journal/journal.js';
import type { Caller } from '../desk/registry/tool.js';
import type { IncidentReport, LiveFigures, ReportInputs } from './types.js';

export const INVESTIGATOR: Caller = { kind: 'agent', name: 'claude', via: 'mcp-http' };
export const COWORKER_LOOKUP: Caller = { kind: 'bot', name: 'dan', via: 'http' };
export const INJECTED_AT = '2026-11-30T08:00:00.000Z';

type Said = JournalEntry & { type: 'message' };

/**
 * A game's journal written by hand for the report's tests: each entry a step of the test,
 * seq counting up and the desk's clock moving `stepS` seconds an entry unless the test moves it.
 */
export function reportJournal(start = INJECTED_AT, stepS = 10) {
  const entries: JournalEntry[] = [];
  let clock = Date.parse(start);
  const add = <E extends CallEntry | MessageEntry | GameEntry>(entry: E) => {
    clock += stepS * 1000;
    const full = { seq: entries.length + 1, at: new Date(clock).toISOString(), ...entry } as JournalEntry;
    entries.push(full);
    return full;
  };
  return {
    entries,
    now: () => new Date(clock).toISOString(),
    /** Moves the desk's clock on without an entry. */
    advance(seconds: number) {
      clock += seconds * 1000;
    },
    call(tool: string, args: unknown = {}, opts: { ok?: boolean; result?: unknown; caller?: Caller } = {}) {
      const ok = opts.ok ?? true;
      return add({
        type: 'call', tool, args, caller: opts.caller ?? INVESTIGATOR, ok, latencyMs: 12,
        ...(ok ? { result: opts.result ?? { ok: true } } : { error: { code: 'refused', message: `${tool} failed` } }),
      });
    },
    /** The investigator in Slack, with the intent the bot read. */
    say(text: string, intent: string, opts: { channel?: string; threadTs?: string } = {}): Said {
      const ts = `${1_800_000_000 + entries.length}.000100`;
      return add({ type: 'message', channel: opts.channel ?? 'incidents', user: 'claude', text, ts, intent, ...(opts.threadTs ? { threadTs: opts.threadTs } : {}) }) as Said;
    },
    /** A coworker answering `to` in its thread, as conversation.ts journals it. */
    reply(to: Said, persona: string, verdict: Verdict, text: string, approval?: { fix: string; targets: string[] }) {
      const ts = `${1_800_000_000 + entries.length}.000200`;
      return add({ type: 'message', channel: to.channel, user: persona, text, ts, threadTs: to.threadTs ?? to.ts, persona, verdict, ...(approval ? { approval } : {}) });
    },
    game(event: GameEntry['event'], extra: Partial<Omit<GameEntry, 'type' | 'event'>> = {}) {
      return add({ type: 'game', event, text: extra.text ?? event, ...extra });
    },
    /** The pager's post: no persona, no intent. */
    post(text: string, channel = 'incidents') {
      return add({ type: 'message', channel, user: 'pager', text, ts: `${1_800_000_000 + entries.length}.000300` });
    },
  };
}

export type ReportJournal = ReturnType<typeof reportJournal>;

export function liveFigures(over: Partial<LiveFigures> = {}): LiveFigures {
  return {
    at: '2026-11-30T08:40:00.000Z',
    duplicates: { acme: { duplicateShipments: 4, duplicateItems: 13 }, bolt: { duplicateShipments: 2, duplicateItems: 5 }, cargo: { duplicateShipments: 0, duplicateItems: 0 } },
    failedSessions: 120,
    completedCheckouts: 9,
    checkoutValueCents: 41_237,
    steady: [{ name: 'storefront home answers', ok: true, detail: '200' }, { name: 'breaker closed', ok: true, detail: '0' }],
    pagedAt: '2026-11-30T08:04:00.000Z',
    skewedClocks: [{ service: 'seating', skewMs: 97_000, utcOffsetMinutes: 60 }],
    ...over,
  };
}

export function reportInputs(scenario: Scenario, journal: readonly JournalEntry[], over: Partial<ReportInputs> = {}): ReportInputs {
  return {
    scenario, run: { id: 'run-1', injectedAt: INJECTED_AT }, journal: [...journal],
    submission: undefined, submittedAt: undefined, submittedBy: undefined, live: liveFigures(), ...over,
  };
}

/** A report with the given root cause and everything else complete. */
export function submission(rootCause: IncidentReport['rootCause'], over: Partial<IncidentReport> = {}): IncidentReport {
  return {
    summary: 'The storefront answered 503 for 30 minutes; partners shipped duplicate batches.',
    rootCause,
    resolution: 'Rolled back fulfillment (reverted PERF-812); the breaker closed and the site answers 200.',
    prevention: [{ action: 'Make Idempotency-Key mandatory in the partner client', owner: 'fulfillment team' }, { action: 'Alert on webhook timeouts' }],
    impactEstimate: { failedSessions: 120, lostRevenueCents: 500_000, costCents: 40_000, notes: 'sessions from the traffic graph' },
    timeline: '08:01 PERF-812 deployed; 08:04 paged; 08:30 rolled back',
    ...over,
  };
}
