import type { GameEntry, JournalEntry, MessageEntry } from '../desk/journal/journal.js';

/**
 * The bot writes what it sees and says into the desk's journal (the desk stays its only
 * writer): Slack messages, and game events (page posted, hints, nudges).
 */
export interface JournalClient {
  message(entry: Omit<MessageEntry, 'type'>): Promise<number>;
  event(entry: Omit<GameEntry, 'type'>): Promise<number>;
  read(since?: number): Promise<JournalEntry[]>;
}

export class JournalWriteError extends Error {
  constructor(what: string, status: number, body: string) {
    super(`the desk refused ${what}: HTTP ${status} ${body.slice(0, 300)}`);
    this.name = 'JournalWriteError';
  }
}

export function createJournalClient(deskUrl: string): JournalClient {
  const post = async (path: string, body: unknown): Promise<number> => {
    const res = await fetch(`${deskUrl}${path}`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(10_000),
    });
    const text = await res.text();
    if (!res.ok) throw new JournalWriteError(path, res.status, text);
    return (JSON.parse(text) as { seq: number }).seq;
  };
  return {
    message: (entry) => post('/journal/messages', entry),
    event: (entry) => post('/journal/events', entry),
    async read(since = 0) {
      const res = await fetch(`${deskUrl}/journal?since=${since}`, { signal: AbortSignal.timeout(10_000) });
      if (!res.ok) throw new JournalWriteError('GET /journal', res.status, await res.text());
      return ((await res.json()) as { entries: JournalEntry[] }).entries;
    },
  };
}

/**
 * The journal as the bot's tick sees it: every entry so far, fetched incrementally (only
 * those after the last seq it holds). The journal is append-only, so what it holds stays true.
 */
export function followJournal(journal: Pick<JournalClient, 'read'>): () => Promise<JournalEntry[]> {
  let entries: JournalEntry[] = [];
  return async () => {
    const fresh = await journal.read(entries.at(-1)?.seq ?? 0);
    if (fresh.length > 0) entries = entries.concat(fresh);
    return entries;
  };
}
