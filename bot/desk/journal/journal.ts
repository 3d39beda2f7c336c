import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { readJsonl } from '../../../services/kit/jsonl.js';
import type { ErrorBody } from '../registry/errors.js';
import type { Caller } from '../registry/tool.js';

/** One tool call, as it was answered. */
export interface CallEntry {
  type: 'call';
  tool: string;
  args: unknown;
  caller: Caller;
  ok: boolean;
  result?: unknown;
  error?: ErrorBody;
  latencyMs: number;
}

/** A Slack message the bot saw (written by the bot through the desk, which stays the only writer). */
export interface MessageEntry {
  type: 'message';
  channel: string;
  user: string;
  text: string;
  ts: string;
  threadTs?: string;
  /** Set when the bot posted it as a coworker (the persona's handle). */
  persona?: string;
  /** What the bot's intent engine read in it (question, theory, fix, status, smalltalk). */
  intent?: string;
  /** A coworker's verdict on what the investigator said: a theory confirmed or challenged, a fix approved or questioned. */
  verdict?: Verdict;
  /** A coworker approving a fix proposal: which remedy, and the services/flags it covers. */
  approval?: { fix: string; targets: string[] };
}

export const verdicts = ['answered', 'confirmed', 'challenged', 'symptom', 'approved', 'questioned'] as const;
export type Verdict = (typeof verdicts)[number];

/**
 * Something the game itself records (written by the bot or the desk's coach gate): a hint
 * taken, a coach nudge, a process rule kept or broken, the page posted, a game prepared.
 */
export interface GameEntry {
  type: 'game';
  event: 'hint' | 'nudge' | 'process' | 'page' | 'prepared' | 'coach' | 'report';
  /** Who it concerns: the Slack user or agent name. */
  who?: string;
  /** The process rule for `process` and `nudge`: status-cadence, confirmation, two-sources, approval. */
  rule?: string;
  /** For `process`: kept, or broken (warn mode: recorded; enforce mode: the tool was refused). */
  outcome?: 'kept' | 'broken' | 'refused';
  text: string;
  /** The journal seq of the call or message it is about. */
  ref?: number;
}

export type JournalEntry = (CallEntry | MessageEntry | GameEntry) & { seq: number; at: string };
type NewEntry = CallEntry | MessageEntry | GameEntry;

/**
 * The desk's journal: append-only JSONL, each entry written and fsynced before the answer
 * it records is returned, so a desk killed at any moment has every answered call on disk.
 * Writes are synchronous on purpose: they cannot interleave, and seq follows file order.
 */
export function createJournal(file: string) {
  mkdirSync(dirname(file), { recursive: true });
  const fd = openSync(file, 'a');
  const existing = readAll(file);
  let seq = existing.length === 0 ? 0 : Math.max(...existing.map((e) => e.seq));
  // A crash mid-write leaves a torn last line without its newline; the next entry starts on a line of its own.
  const size = statSync(file).size;
  if (size > 0 && readFileSync(file).at(-1) !== 0x0a) writeSync(fd, '\n');

  return {
    file,
    append(entry: NewEntry, at: Date = new Date()): JournalEntry {
      // seq moves only once the line is written, so an entry that cannot be serialized leaves no gap.
      const full = { seq: seq + 1, at: at.toISOString(), ...entry } as JournalEntry;
      writeSync(fd, `${JSON.stringify(full)}\n`);
      fsyncSync(fd);
      seq = full.seq;
      return full;
    },
    /** Entries after `since` (a seq), oldest first, at most `limit`. */
    read(opts: { since?: number; limit?: number } = {}): JournalEntry[] {
      const after = readAll(file).filter((e) => e.seq > (opts.since ?? 0));
      return opts.limit === undefined ? after : after.slice(0, opts.limit);
    },
    close(): void {
      closeSync(fd);
    },
  };
}

export type Journal = ReturnType<typeof createJournal>;

/** A torn line from a crash mid-write is skipped: that call was never answered. */
function readAll(file: string): JournalEntry[] {
  return readJsonl<JournalEntry>(file);
}
