import type { Briefing } from '../../desk/briefing.js';
import type { JournalEntry } from '../../desk/journal/journal.js';

/** The game on now, from the desk's briefing: undefined when no scenario is injected. */
export interface Game {
  scenario: string;
  title: string;
  injectedAt: Date;
}

export function gameOf(briefing: Briefing): Game | undefined {
  if (briefing.scenario === undefined || briefing.injectedAt === undefined) return undefined;
  const at = new Date(briefing.injectedAt);
  if (Number.isNaN(at.getTime())) return undefined;
  return { scenario: briefing.scenario, title: briefing.title ?? briefing.scenario, injectedAt: at };
}

/** The journal outlives games: only what happened since this one's injection counts for it. */
export function sinceInjection(entries: readonly JournalEntry[], game: Game): JournalEntry[] {
  const from = game.injectedAt.getTime();
  return entries.filter((e) => Date.parse(e.at) >= from);
}

/** Hints this person took in this game; `who` is matched by Slack name or user id. */
export function hintsTaken(entries: readonly JournalEntry[], game: Game, who: { userId: string; userName: string }): number {
  return sinceInjection(entries, game).filter((e) => e.type === 'game' && e.event === 'hint' && (e.who === who.userName || e.who === who.userId)).length;
}

const two = (n: number) => String(n).padStart(2, '0');

/** `12m 05s`, `1h 02m 05s`; never negative (a clock behind the injection reads 0m 00s). */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return h > 0 ? `${h}h ${two(m)}m ${two(s)}s` : `${m}m ${two(s)}s`;
}

/** `14:02 UTC`, or `14:02:09 UTC` with seconds: the timeline's clock, never local time. */
export function utcClock(d: Date, seconds = false): string {
  return `${d.toISOString().slice(11, seconds ? 19 : 16)} UTC`;
}
