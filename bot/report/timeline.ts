import type { JournalEntry } from '../desk/journal/journal.js';
import { abridgeArgs, abridgeResponse } from './abridge.js';
import { sinceInjection, utcClock, type SkewedClock } from './clock.js';
import type { AppendixEntry, TimelineEntry } from './types.js';

export interface TimelineOptions {
  injectedAt: string;
  skewedClocks: readonly SkewedClock[];
}

const callerName = (e: Extract<JournalEntry, { type: 'call' }>): string =>
  e.caller.kind === 'bot' ? `${e.caller.name ?? 'bot'} (coworker lookup)` : (e.caller.name ?? e.caller.kind);

function gameWhat(e: Extract<JournalEntry, { type: 'game' }>): string {
  if (e.event === 'process' || e.event === 'nudge') return [e.event, e.rule, e.outcome].filter((p) => p !== undefined).join(' ');
  return e.event;
}

/**
 * Every entry of the game on the desk's clock (its `at`), in journal order: calls with an
 * abridged answer, messages with who said them, and the game's own events. Log times of a
 * skewed clock inside an answer are shown corrected and flagged, so the timeline reads
 * straight through the timestamps red herring.
 */
export function buildTimeline(entries: readonly JournalEntry[], opts: TimelineOptions): TimelineEntry[] {
  return entries.map((e): TimelineEntry => {
    const base = { seq: e.seq, at: e.at, clock: utcClock(e.at), sinceInjection: sinceInjection(e.at, opts.injectedAt) };
    if (e.type === 'call') {
      const response = abridgeResponse(e, opts.skewedClocks);
      return {
        ...base, kind: 'call', who: callerName(e), what: `${e.tool} ${abridgeArgs(e.args)}`, text: response.text, ok: e.ok,
        ...(response.corrected ? { corrected: true } : {}),
      };
    }
    if (e.type === 'message') {
      const who = e.persona !== undefined ? `@${e.persona}` : e.user;
      const tags = [e.intent, e.verdict, e.approval ? `approves ${e.approval.fix}` : undefined].filter((t) => t !== undefined);
      return { ...base, kind: 'message', who, what: `#${e.channel.replace(/^#/, '')}${tags.length > 0 ? ` (${tags.join(', ')})` : ''}`, text: e.text };
    }
    return { ...base, kind: 'game', who: e.who ?? 'game', what: gameWhat(e), text: e.text };
  });
}

/** Every tool call's complete answer (its result, or its error), for the appendix. */
export function buildAppendix(entries: readonly JournalEntry[]): AppendixEntry[] {
  return entries.flatMap((e) => e.type === 'call'
    ? [{ seq: e.seq, at: e.at, tool: e.tool, caller: callerName(e), args: e.args, ok: e.ok, response: e.ok ? (e.result ?? null) : (e.error ?? null) }]
    : []);
}
