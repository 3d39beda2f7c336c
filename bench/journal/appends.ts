import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { createJournal, type JournalEntry } from '../../bot/desk/journal/journal.js';
import { summarize, type LatencySummary } from '../desk/stats.js';

export interface AppendRun {
  appends: number;
  seconds: number;
  perSecond: number;
  latency: LatencySummary;
  bytes: number;
}

/**
 * Appends `entries` (round and round) to a fresh desk journal at `file` for `durationMs`,
 * each append written and fsynced as the desk does before it answers a call.
 */
export function measureAppends(file: string, entries: readonly JournalEntry[], durationMs: number): AppendRun {
  const calls = entries.filter((e) => e.type === 'call');
  if (calls.length === 0) throw new Error('measureAppends needs call entries to append');
  const journal = createJournal(file);
  const latencies: number[] = [];
  let bytes = 0;
  const start = performance.now();
  try {
    for (let i = 0; performance.now() - start < durationMs; i += 1) {
      const { seq: _seq, at: _at, ...entry } = calls[i % calls.length] as JournalEntry & { type: 'call' };
      const t = performance.now();
      const written = journal.append(entry);
      latencies.push(performance.now() - t);
      bytes += Buffer.byteLength(JSON.stringify(written)) + 1;
    }
  } finally {
    journal.close();
  }
  const seconds = (performance.now() - start) / 1000;
  return { appends: latencies.length, seconds, perSecond: latencies.length / seconds, latency: summarize(latencies), bytes };
}

/** `ext4 on /dev/vda1`: the filesystem an fsync lands on decides the append rate, so the figure names it. */
export function filesystemOf(dir: string): string {
  try {
    const out = execFileSync('df', ['--output=source,fstype', dir], { encoding: 'utf8' }).trim().split('\n').at(-1) ?? '';
    const [source, type] = out.trim().split(/\s+/);
    if (source && type) return `${type} on ${source}`;
  } catch {
    // df without --output (busybox, macOS): stat -f still names the type.
  }
  try {
    return execFileSync('stat', ['-f', '-c', '%T', dir], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown filesystem';
  }
}
