import { escalateDue, type PagerDomain } from './incidents.js';

export interface Escalator {
  stop(): Promise<void>;
}

/** Checks for incidents due to escalate a few times per escalateAfterMs, until stopped. */
export function startEscalator(d: PagerDomain): Escalator {
  const everyMs = Math.min(5000, Math.max(50, Math.floor(d.deploy.escalateAfterMs / 4)));
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const timer = setInterval(() => {
    if (stopped) return;
    running = escalateDue(d).catch((err: unknown) => d.log.error({ err }, 'escalation check failed'));
  }, everyMs);
  timer.unref();
  return {
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
