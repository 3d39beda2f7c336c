import type { CallEntry, GameEntry, JournalEntry, MessageEntry } from '../desk/journal/journal.js';

export type Call = CallEntry & { seq: number; at: string };
export type Message = MessageEntry & { seq: number; at: string };
export type Game = GameEntry & { seq: number; at: string };

/** What the bot's intent engine reads in an investigator's message (bot/app/personas IntentKind is the same list). */
export const messageIntents = ['question', 'theory', 'fix', 'status', 'smalltalk'] as const;
export type Intent = (typeof messageIntents)[number];
/** What a journaled message may carry: an intent, or `report` for an answer to `/drill report`'s questions. */
export const intents = [...messageIntents, 'report'] as const;

/** The process rules the coach keeps: the incident brief's steps 2–5. */
export const processRules = ['status-cadence', 'confirmation', 'two-sources', 'approval'] as const;
export type ProcessRule = (typeof processRules)[number];

/** The channel where status updates and fix proposals belong. */
export const INCIDENTS_CHANNEL = 'incidents';

export const isCall = (e: JournalEntry): e is Call => e.type === 'call';
export const isMessage = (e: JournalEntry): e is Message => e.type === 'message';
export const isGame = (e: JournalEntry): e is Game => e.type === 'game';

/** A call by the investigator: a `bot` caller is a coworker persona looking something up. */
export const isInvestigatorCall = (e: JournalEntry): e is Call => isCall(e) && e.caller.kind !== 'bot';

/** A coworker's message: the bot posted it as a persona. */
export const isPersonaMessage = (e: JournalEntry): e is Message & { persona: string } => isMessage(e) && e.persona !== undefined;

/**
 * The investigator's message. The intent engine reads only what a person or an agent wrote,
 * so a persona-less message without an intent is the pager's or the bot's own post.
 */
export const isInvestigatorMessage = (e: JournalEntry): e is Message & { intent: string } =>
  isMessage(e) && e.persona === undefined && e.intent !== undefined;

/** The bot journals channel names ('incidents'); a leading # or other case is tolerated. */
export const inIncidents = (channel: string): boolean => channel.replace(/^#/, '').toLowerCase() === INCIDENTS_CHANNEL;

/**
 * The bot's `prepared` entry that opens a game: the last one, or, given the injection's
 * ISO time, the last one naming it (a game started a minute after the last must not
 * inherit that one's entries while the bot has not prepared it yet).
 */
export function preparedEntry(entries: readonly JournalEntry[], injectedAt?: string): Game | undefined {
  let found: Game | undefined;
  for (const e of entries) if (isGame(e) && e.event === 'prepared' && (injectedAt === undefined || e.text.includes(injectedAt))) found = e;
  return found;
}

/** The seq the current game starts after: its `prepared` entry (see preparedEntry), or 0 when none was journaled. */
export function gameStart(entries: readonly JournalEntry[], injectedAt?: string): number {
  return preparedEntry(entries, injectedAt)?.seq ?? 0;
}

/** The entries of the current game: after `since` when given, else after the last `prepared` entry. */
export function currentGame(entries: readonly JournalEntry[], since?: number): { since: number; entries: JournalEntry[] } {
  const start = since ?? gameStart(entries);
  return { since: start, entries: entries.filter((e) => e.seq > start) };
}

/** Who an entry is about, for GameEntry.who: the agent or Slack user behind a call. */
export const whoCalled = (call: Pick<CallEntry, 'caller'>): string => call.caller.name ?? call.caller.kind;
