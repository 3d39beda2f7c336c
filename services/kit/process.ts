import type { Logger } from 'pino';
import { ConfigError } from './config.js';
import type { ErrorReporter } from './error-report.js';

/**
 * Process-level wiring for a deployable's main.ts, which passes in `process` itself so
 * that signals stay main's business: SIGTERM/SIGINT drain and exit 0, a crash is
 * reported and exits 1.
 */
export function stopOnSignals(proc: NodeJS.Process, deps: { log: Logger; errors: ErrorReporter; stop: () => Promise<void> }): void {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    deps.log.info({ signal }, 'shutting down');
    deps.stop().then(
      () => {
        deps.log.info('stopped');
        proc.exit(0);
      },
      (err: unknown) => {
        deps.log.error({ err }, 'shutdown failed');
        proc.exit(1);
      },
    );
  };
  proc.on('SIGTERM', () => stop('SIGTERM'));
  proc.on('SIGINT', () => stop('SIGINT'));
  const crash = (err: unknown) => {
    deps.log.fatal({ err }, 'crashed');
    void deps.errors.report(err, { level: 'fatal' }).finally(() => proc.exit(1));
  };
  proc.on('uncaughtException', crash);
  proc.on('unhandledRejection', crash);
}

/** Bad config (or any start-up failure) ends the process non-zero with every problem listed. */
export function exitOnStartupError(proc: NodeJS.Process, service: string, err: unknown): never {
  if (err instanceof ConfigError) {
    proc.stderr.write(`${err.message}\n`);
    proc.exit(2);
  }
  proc.stderr.write(`${service}: failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  proc.exit(1);
}
