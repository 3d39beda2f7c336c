import type { ChaosDeps } from './changes.js';
import { createJournal } from './journal.js';
import { revertPending } from './reset.js';

/**
 * Every change a chaos run made carries an expiry in the write-ahead journal; whoever keeps
 * the lab (the local supervisor, or the desk on Kubernetes, which shares the state volume)
 * undoes expired ones, so a game day left behind (runner killed, laptop closed) does not
 * outlive its time-to-live. Flags, load and config are restored by content, as a reset does.
 */
export function startChaosTtlSweep(opts: { stateDir: string; deps: () => ChaosDeps; intervalMs: number; out: (line: string) => void }): { stop(): void } {
  const journal = createJournal(opts.stateDir);
  let busy = false;
  const sweep = async () => {
    if (busy || journal.pending().length === 0) return;
    busy = true;
    try {
      const undone = await revertPending(opts.deps(), journal, { by: 'ttl', onlyExpired: true, progress: (line) => opts.out(`chaos change expired, undone: ${line}`) });
      if (undone > 0) opts.out(`${undone} expired chaos change(s) undone`);
    } catch (err) {
      opts.out(`could not undo an expired chaos change: ${(err as Error).message}`);
    } finally {
      busy = false;
    }
  };
  void sweep();
  const timer = setInterval(() => void sweep(), opts.intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
