/** Latencies of one measured run, in milliseconds. */
export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/**
 * The nearest-rank percentile: the smallest sample at or above p% of the samples. Unlike
 * interpolation it always names a latency a call really had, which is what a goal is about.
 */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new RangeError('percentile of no samples');
  if (!(p > 0 && p <= 100)) throw new RangeError(`percentile ${p} is outside (0, 100]`);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, rank) - 1] as number;
}

export function summarize(samples: readonly number[]): LatencySummary {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) as number,
  };
}

/** Median of a few repeated runs (the lower middle for an even count, so one slow run cannot set it). */
export const median = (samples: readonly number[]): number => percentile([...samples].sort((a, b) => a - b), 50);

/** Milliseconds, rounded to what a latency table can honestly show. */
export const ms = (value: number): number => Math.round(value * 100) / 100;
