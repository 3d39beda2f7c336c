import { setTimeout as delay } from 'node:timers/promises';

/** Polls `check` until it returns a value (not undefined/false) or the time is up; then throws naming `what`. */
export async function until<T>(what: string, check: () => Promise<T | undefined | false> | T | undefined | false, opts: { timeoutMs: number; everyMs: number }): Promise<T> {
  const deadline = Date.now() + opts.timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined && v !== false) return v;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) throw new Error(`bench: gave up waiting for ${what} after ${Math.round(opts.timeoutMs / 1000)} s${lastError ? ` (last error: ${(lastError as Error).message})` : ''}`);
    await delay(opts.everyMs);
  }
}

/** Milliseconds as seconds with one decimal. */
export const seconds = (ms: number) => Math.round(ms / 100) / 10;

/**
 * Resolves after `ms` without keeping the process alive: for the losing side of a race with a
 * process's exit, whose timer would otherwise hold the bench open until it fires.
 */
export const grace = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());
