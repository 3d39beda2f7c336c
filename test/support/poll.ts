import { setTimeout as delay } from 'node:timers/promises';

/**
 * Polls until `check` returns a value that is not undefined/false, or fails with the
 * last observation when the deadline passes. Never a bare sleep.
 */
export async function until<T>(what: string, check: () => Promise<T | undefined | false> | T | undefined | false, opts: { timeoutMs?: number; everyMs?: number } = {}): Promise<T> {
  const deadline = Date.now() + (opts.timeoutMs ?? 15_000);
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
      last = value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${last instanceof Error ? last.message : JSON.stringify(last)}`);
    await delay(opts.everyMs ?? 50);
  }
}
