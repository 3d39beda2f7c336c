import { pino, stdTimeFunctions, type DestinationStream, type Logger, type LevelWithSilent } from 'pino';

export type { Logger } from 'pino';

export interface LoggerOptions {
  service: string;
  level?: LevelWithSilent;
  release?: string;
  /** Where JSON lines go; stdout (asynchronously) by default. Tests pass a stream that keeps them. */
  destination?: DestinationStream;
  /**
   * Added to the wall clock for the `time` field only, as on a host whose clock drifted.
   * Nothing else is affected: timers, metrics and error reports keep the real clock.
   */
  clockSkewMs?: number;
  /**
   * Renders `time` in local time at this offset from UTC (`...T21:14:03.120+02:00`)
   * instead of UTC (`...Z`), as a host configured with a local time zone does.
   */
  utcOffsetMinutes?: number;
}

/** ISO 8601 with the given offset from UTC; the same instant as `new Date(ms).toISOString()`. */
export function formatLogTime(ms: number, utcOffsetMinutes = 0): string {
  if (utcOffsetMinutes === 0) return new Date(ms).toISOString();
  const local = new Date(ms + utcOffsetMinutes * 60_000).toISOString().slice(0, -1);
  const abs = Math.abs(utcOffsetMinutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${local}${utcOffsetMinutes < 0 ? '-' : '+'}${hh}:${mm}`;
}

function timestampFunction(clockSkewMs: number, utcOffsetMinutes: number): () => string {
  if (clockSkewMs === 0 && utcOffsetMinutes === 0) return stdTimeFunctions.isoTime;
  return () => `,"time":"${formatLogTime(Date.now() + clockSkewMs, utcOffsetMinutes)}"`;
}

/** One JSON object per line, always carrying the `service` field the lab greps by. */
export function createLogger(opts: LoggerOptions): Logger {
  const options = {
    level: opts.level ?? 'info',
    base: { service: opts.service, pid: process.pid, ...(opts.release ? { release: opts.release } : {}) },
    timestamp: timestampFunction(opts.clockSkewMs ?? 0, opts.utcOffsetMinutes ?? 0),
    formatters: { level: (label: string) => ({ level: label }) },
  };
  // Standard output written asynchronously: a synchronous write per access-log line cost the
  // shop a sixth of its throughput under load (make bench ONLY=overhead). pino flushes it on
  // exit; a SIGKILL may lose the lines of the last few milliseconds, as on a real host.
  return pino(options, opts.destination ?? pino.destination({ dest: 1, sync: false }));
}
