import type { DestinationStream, LevelWithSilent, Logger } from 'pino';
import { createErrorReporter, type ErrorReporter } from './error-report.js';
import type { Lifecycle } from './http-app.js';
import { createLogger } from './logger.js';
import { createServiceMetrics, type ServiceMetrics } from './metrics.js';
import { createTracing, type Tracing } from './tracing.js';

/** The settings every deployable shares, read from `<PREFIX>_*` by `commonEnv`. */
export interface CommonSettings {
  port: number;
  host: string;
  logLevel: LevelWithSilent;
  configFile: string | undefined;
  flagsFile: string | undefined;
  /** flagd's sync service (host and port): the flags come from there instead of flagsFile. */
  flagdSync: { host: string; port: number } | undefined;
  otlpEndpoint: string | undefined;
  errorReportUrl: string | undefined;
  release: string;
  shutdownTimeoutMs: number;
}

export function commonSettings(env: {
  PORT: number; HOST: string; LOG_LEVEL: LevelWithSilent; CONFIG_FILE?: string | undefined; FLAGS_FILE?: string | undefined; FLAGD_SYNC?: string | undefined;
  OTLP_ENDPOINT?: string | undefined; ERROR_REPORT_URL?: string | undefined; RELEASE: string; SHUTDOWN_TIMEOUT_MS: number;
}): CommonSettings {
  return {
    port: env.PORT,
    host: env.HOST,
    logLevel: env.LOG_LEVEL,
    configFile: env.CONFIG_FILE,
    flagsFile: env.FLAGS_FILE,
    flagdSync: hostPort(env.FLAGD_SYNC),
    otlpEndpoint: env.OTLP_ENDPOINT,
    errorReportUrl: env.ERROR_REPORT_URL,
    release: env.RELEASE,
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
  };
}

/** `flagd:8015` as host and port (the config schema already checked the shape). */
function hostPort(value: string | undefined): { host: string; port: number } | undefined {
  if (!value) return undefined;
  const colon = value.lastIndexOf(':');
  return { host: value.slice(0, colon), port: Number(value.slice(colon + 1)) };
}

/** What every app gets injected: its logger, metrics registry, tracing and error reporter. */
export interface ServiceBase {
  service: string;
  release: string;
  log: Logger;
  metrics: ServiceMetrics;
  tracing: Tracing;
  errors: ErrorReporter;
  lifecycle: Lifecycle;
}

/** How a deployable stamps its log times; seating's host has a skewed clock and a local zone. */
export interface LogTimeOptions {
  clockSkewMs?: number;
  utcOffsetMinutes?: number;
}

export function createServiceBase(
  service: string,
  settings: Pick<CommonSettings, 'logLevel' | 'release' | 'otlpEndpoint' | 'errorReportUrl'>,
  destination?: DestinationStream,
  logTime: LogTimeOptions = {},
): ServiceBase {
  const log = createLogger({ service, level: settings.logLevel, release: settings.release, ...logTime, ...(destination ? { destination } : {}) });
  return {
    service,
    release: settings.release,
    log,
    metrics: createServiceMetrics(service),
    tracing: createTracing({ service, release: settings.release, endpoint: settings.otlpEndpoint }),
    errors: createErrorReporter({ service, release: settings.release, endpoint: settings.errorReportUrl, log }),
    lifecycle: { draining: false },
  };
}
