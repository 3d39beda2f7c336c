import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseJsonl } from '../../services/kit/jsonl.js';

/** What one change did and what it replaced: enough to undo it with the runner gone. */
export type ChangeTarget =
  | { kind: 'config'; service: string; path: string; prior: string; applied: string; commit: string }
  | { kind: 'flag'; flag: string; prior: string; applied: string; commit: string }
  | { kind: 'load'; file: string; prior: string; applied: string }
  | { kind: 'alert'; labels: Record<string, string>; annotations: Record<string, string>; startsAt: string; endsAt: string };

/** The only things a scenario may do (issue 7): a coworker's commit and deploy, a flag, load, noise. */
export const STEP_KINDS = ['commit-and-deploy', 'flag', 'load', 'noise'] as const;
export type StepKind = (typeof STEP_KINDS)[number];

export type JournalRecord =
  | { type: 'run'; run: string; scenario: string; pid: number; at: string; expiresAt: string }
  /** `stepKind` and `why` are the facilitator's record: which of the four step kinds made the change, and the scenario's reason. */
  | { type: 'change'; run: string; id: string; step: number; stepKind: StepKind; why: string; at: string; expiresAt: string; target: ChangeTarget }
  | { type: 'reverted'; run: string; id: string; at: string; by: 'runner' | 'reset' | 'ttl'; note: string }
  | { type: 'run-ended'; run: string; at: string; reason: string };

export const journalFile = (stateDir: string) => join(stateDir, 'chaos', 'journal.jsonl');

/**
 * The chaos runner's write-ahead journal: a change is recorded (fsynced) before it is
 * made, with the value it replaces, so `chaos reset`, the TTL sweep and a crashed runner's
 * successor can all undo exactly what was done. Append-only JSONL; a torn last line is skipped.
 */
export function createJournal(stateDir: string) {
  const file = journalFile(stateDir);
  // The lab's sweep asks every few seconds; an append-only file that kept its size and
  // mtime holds the same records, so it is parsed again only when it grew.
  let cached: { key: string; records: JournalRecord[] } | undefined;
  const read = (): JournalRecord[] => {
    const stat = statSync(file, { throwIfNoEntry: false });
    if (!stat) return [];
    const key = `${stat.size}:${stat.mtimeMs}:${stat.ino}`;
    if (cached?.key === key) return cached.records;
    const records = parseJsonl<JournalRecord>(readFileSync(file, 'utf8'));
    cached = { key, records };
    return records;
  };
  return {
    file,
    read,
    append(record: JournalRecord): void {
      mkdirSync(dirname(file), { recursive: true });
      const fd = openSync(file, 'a');
      try {
        writeSync(fd, `${JSON.stringify(record)}\n`);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    },
    /** Changes not reverted yet, newest first (the order to undo them in). */
    pending(): Array<Extract<JournalRecord, { type: 'change' }>> {
      const records = read();
      const reverted = new Set(records.flatMap((r) => (r.type === 'reverted' ? [r.id] : [])));
      return records.flatMap((r) => (r.type === 'change' && !reverted.has(r.id) ? [r] : [])).reverse();
    },
  };
}

export type Journal = ReturnType<typeof createJournal>;
