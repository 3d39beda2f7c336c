import { pino, stdTimeFunctions, type DestinationStream, type Logger, type LevelWithSilent } from 'pino';

export type { Logger } from 'pino';

export interface LoggerOptions {
  service: string;
  level?: LevelWithSilent;
  release?: string;
  /** Where JSON lines go; stdout by default. Tests pass a stream that keeps them. */
  destination?: DestinationStream;
}

/** One JSON object per line, always carrying the `service` field the lab greps by. */
export function createLogger(opts: LoggerOptions): Logger {
  const options = {
    level: opts.level ?? 'info',
    base: { service: opts.service, pid: process.pid, ...(opts.release ? { release: opts.release } : {}) },
    timestamp: stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
  };
  return opts.destination ? pino(options, opts.destination) : pino(options);
}
