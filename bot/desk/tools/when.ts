import { z } from 'zod';

const DURATION = /^(\d+)(s|m|h|d)$/;
const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** A point in time as an agent writes it: ISO 8601, epoch seconds, or a duration ago ("15m", "2h"). */
export const when = z.string().trim().min(1).refine((s) => DURATION.test(s) || /^\d{9,11}(\.\d+)?$/.test(s) || !Number.isNaN(Date.parse(s)), {
  message: 'expected an ISO time (2026-11-30T10:00:00Z), epoch seconds, or a duration ago such as 15m, 2h, 1d',
});

/** Resolves `when` against `now` to epoch milliseconds. */
export function resolveWhen(text: string, now: Date): number {
  const d = DURATION.exec(text);
  if (d) return now.getTime() - Number(d[1]) * UNIT_MS[d[2] as keyof typeof UNIT_MS];
  if (/^\d{9,11}(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  return Date.parse(text);
}
