/**
 * Per-minute call budgets per key (token + method, or token + channel for posting), the
 * way Slack's tiers behave from a client's point of view: over budget, answer 429 with
 * the seconds until the window frees up.
 */
export function createRateLimiter(now: () => number = Date.now) {
  const windows = new Map<string, { start: number; count: number }>();
  return {
    /** Counts a call; returns seconds to wait when over `perMinute`, else undefined. */
    take(key: string, perMinute: number): number | undefined {
      const t = now();
      let w = windows.get(key);
      if (!w || t - w.start >= 60_000) {
        w = { start: t, count: 0 };
        windows.set(key, w);
      }
      if (w.count >= perMinute) return Math.max(1, Math.ceil((w.start + 60_000 - t) / 1000));
      w.count += 1;
      if (windows.size > 10_000) {
        for (const [k, v] of windows) if (t - v.start >= 60_000) windows.delete(k);
      }
      return undefined;
    },
  };
}
