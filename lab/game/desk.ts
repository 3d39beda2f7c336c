import type { JournalEntry } from '../../bot/desk/journal/journal.js';
import type { Caller } from '../../bot/desk/registry/tool.js';
import { GameError } from './errors.js';

/**
 * The game's own lookups (`game status`) are the facilitator's, not the investigator's:
 * a `bot` caller, which the report and the coach leave out.
 */
export const GAME_CALLER: Caller = { kind: 'bot', name: 'game', via: 'cli' };

/** The desk's journal (`GET /journal`): every call, message and game event, oldest first. */
export async function readDeskJournal(deskUrl: string): Promise<JournalEntry[]> {
  let res: Response;
  try {
    res = await fetch(`${deskUrl.replace(/\/+$/, '')}/journal`, { signal: AbortSignal.timeout(30_000) });
  } catch (err) {
    throw new GameError('desk_unavailable', `the desk at ${deskUrl} is not answering (${(err as Error).message})`, { cause: err });
  }
  if (!res.ok) throw new GameError('desk_unavailable', `GET ${deskUrl}/journal answered ${res.status}`);
  return ((await res.json()) as { entries: JournalEntry[] }).entries;
}

/** What the investigator has done since `since` (an ISO time): coworkers' own lookups left out. */
export function activitySince(entries: readonly JournalEntry[], since: string): { toolCalls: number; reportSubmitted: boolean; lastReportAt: string | undefined } {
  const from = Date.parse(since);
  const calls = entries.flatMap((e) => (e.type === 'call' && e.caller.kind !== 'bot' && Date.parse(e.at) >= from ? [e] : []));
  const reports = calls.filter((c) => c.tool === 'incident_submit_report' && c.ok);
  return { toolCalls: calls.length, reportSubmitted: reports.length > 0, lastReportAt: reports.at(-1)?.at };
}
