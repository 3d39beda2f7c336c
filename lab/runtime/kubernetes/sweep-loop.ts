import type { Logger } from 'pino';
import type { KubernetesRuntime } from './kubernetes-runtime.js';

/**
 * Calls sweepExpired every `intervalMs` so chaos left by a crashed runner still expires; a
 * sweep that outlasts the interval is not overlapped by the next. `stop` before shutdown.
 */
export function startExpirySweep(runtime: Pick<KubernetesRuntime, 'sweepExpired'>, opts: { intervalMs: number; log: Logger }): { stop(): void } {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    runtime.sweepExpired()
      .then((swept) => {
        if (swept.length > 0) opts.log.info({ swept }, 'expired chaos swept');
      })
      .catch((err: unknown) => opts.log.warn({ err }, 'chaos expiry sweep failed; retrying next interval'))
      .finally(() => {
        running = false;
      });
  }, opts.intervalMs);
  // The sweep alone must not keep the process alive.
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
