import { revertChange, type ChaosDeps } from './changes.js';
import type { Journal } from './journal.js';

/**
 * Undoes every change the journal has not seen undone, newest first; with `onlyExpired`,
 * just those past their time-to-live (the sweep that runs with the runner gone). Safe to
 * run twice: an undone change is journalled and skipped; an undo finds nothing to do when
 * the lab is already as before.
 */
export async function revertPending(deps: ChaosDeps, journal: Journal, opts: { by: 'runner' | 'reset' | 'ttl'; onlyExpired?: boolean; progress?: (line: string) => void }): Promise<number> {
  const now = deps.now();
  let count = 0;
  for (const change of journal.pending()) {
    if (opts.onlyExpired && Date.parse(change.expiresAt) > now.getTime()) continue;
    const note = await revertChange(deps, change.target);
    journal.append({ type: 'reverted', run: change.run, id: change.id, at: deps.now().toISOString(), by: opts.by, note });
    opts.progress?.(`${change.id}: ${note}`);
    count += 1;
  }
  return count;
}
