import type { SkewedClock } from './types.js';

/**
 * One clock for the whole report: the desk's. Times read as `HH:MM:SS UTC` and as an
 * offset from injection, so a reader lines up the journal, the page and the fix at a glance.
 * Log lines of a service whose clock runs skewed are corrected here, and say so.
 */
export type { SkewedClock };

const msOf = (at: string | number): number => (typeof at === 'number' ? at : Date.parse(at));

/** `HH:MM:SS UTC`. */
export function utcClock(at: string | number): string {
  return `${new Date(msOf(at)).toISOString().slice(11, 19)} UTC`;
}

/** Seconds from `from` to `to`, rounded; undefined when either is missing or unreadable. */
export function secondsBetween(from: string | number | undefined, to: string | number | undefined): number | undefined {
  if (from === undefined || to === undefined) return undefined;
  const s = (msOf(to) - msOf(from)) / 1000;
  return Number.isFinite(s) ? Math.round(s) : undefined;
}

/** `+m:ss` after injection, `-m:ss` before it; minutes are not folded into hours, like a stopwatch. */
export function offsetClock(seconds: number): string {
  const abs = Math.abs(seconds);
  return `${seconds < 0 ? '-' : '+'}${Math.floor(abs / 60)}:${String(abs % 60).padStart(2, '0')}`;
}

export function sinceInjection(at: string, injectedAt: string): string {
  return offsetClock(secondsBetween(injectedAt, at) ?? 0);
}

/** `12 min 5 s`, or `—` when there is nothing to measure. */
export function duration(seconds: number | undefined): string {
  if (seconds === undefined) return '—';
  const abs = Math.abs(seconds);
  const m = Math.floor(abs / 60);
  const text = m === 0 ? `${abs} s` : `${m} min ${abs % 60} s`;
  return seconds < 0 ? `-${text}` : text;
}

/** `(seating clock +97 s, corrected)`: what the reader needs to trust a time that differs from the raw line. */
export function skewFlag(clock: SkewedClock): string {
  const s = Math.round(clock.skewMs / 1000);
  return `(${clock.service} clock ${s >= 0 ? '+' : '-'}${Math.abs(s)} s, corrected)`;
}

const TIME_FIELD = /"time":"([^"]+)"/;
const SERVICE_FIELD = /"service":"([^"]+)"/;

export interface LineTime {
  /** The instant in UTC on the desk's clock: the line's own time, less its clock's skew. */
  utcMs: number;
  /** Set when the line's clock was skewed and its time corrected. */
  flag?: string;
}

/**
 * The real time of a JSON log line. Whose clock wrote it comes from the line's own
 * `service` field first (every lab service logs one), else the service the call read.
 * Date.parse honours the line's UTC offset, so only the skew is left to take off.
 */
export function lineTime(line: string, service: string | undefined, clocks: readonly SkewedClock[]): LineTime | undefined {
  const time = TIME_FIELD.exec(line)?.[1];
  if (time === undefined) return undefined;
  const ms = Date.parse(time);
  if (Number.isNaN(ms)) return undefined;
  const writer = SERVICE_FIELD.exec(line)?.[1] ?? service;
  const clock = clocks.find((c) => c.service === writer);
  return clock ? { utcMs: ms - clock.skewMs, flag: skewFlag(clock) } : { utcMs: ms };
}
