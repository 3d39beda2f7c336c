import { z } from 'zod';

// -3d 14:20 (a UTC day offset and a time of day), -2h, +90m, +5d, or now.
const OFFSET = /^(?:now|([+-])(\d{1,4})([mhd])(?: ([01]\d|2[0-3]):([0-5]\d))?)$/;
const SPAN = /^(\d{1,4})(m|h|d)$/;
const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

export const OFFSET_HINT = 'expected a time relative to the lab\'s clock such as "-3d 14:20" (3 days before, at 14:20 UTC), "-2h", "+5d 09:00" or "now"';

/** A time in a world file, relative to the lab's clock; a time of day goes only with a day offset. */
export const relativeTime = z.string().refine((s) => {
  const m = OFFSET.exec(s);
  return m !== null && (m[4] === undefined || m[3] === 'd');
}, OFFSET_HINT);

/** A length of time in a world file: an on-call shift of 7d, 12h or 90m. */
export const span = z.string().regex(SPAN, 'expected a length such as 7d, 12h or 90m').refine((s) => spanMs(s) > 0, 'a length must be more than 0');

export const isOffset = (s: string): boolean => relativeTime.safeParse(s).success;

/**
 * Resolves an offset against `now`: `-3d 14:20` is 14:20 UTC on the UTC date three days
 * before `now` (as the shop repository's backdated commits are), `-2h` is two hours before.
 */
export function resolveOffset(text: string, now: Date): Date {
  const m = OFFSET.exec(text);
  if (!m) throw new Error(`${JSON.stringify(text)}: ${OFFSET_HINT}`);
  if (text === 'now') return new Date(now.getTime());
  const n = Number(m[2]) * (m[1] === '-' ? -1 : 1);
  const unit = m[3] as keyof typeof UNIT_MS;
  if (m[4] === undefined) return new Date(now.getTime() + n * UNIT_MS[unit]);
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + n, Number(m[4]), Number(m[5])));
}

export function spanMs(text: string): number {
  const m = SPAN.exec(text);
  if (!m) throw new Error(`${JSON.stringify(text)}: expected a length such as 7d`);
  return Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
}
