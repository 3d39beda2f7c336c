import type { Reply } from './http.js';

/** How a shopper's session ended; traffic_sessions_total{outcome} and traffic_checkouts_total{outcome}. */
export type SessionOutcome = 'completed' | 'blocked' | 'abandoned';
export const sessionOutcomes: readonly SessionOutcome[] = ['completed', 'blocked', 'abandoned'];

/** What one step means for the session: go on, or stop as blocked / abandoned; `stopped` is the driver shutting down. */
export type StepVerdict = 'ok' | 'blocked' | 'abandoned' | 'stopped';

/**
 * A 503 from storefront is the breaker's "We'll be right back" page: the shopper was
 * blocked. Any other error status, a timeout or a refused connection and the shopper
 * gives up: abandoned. 2xx and redirects carry on.
 */
export function judgeStep(reply: Reply): StepVerdict {
  if (reply.kind === 'stopped') return 'stopped';
  if (reply.kind === 'failed') return 'abandoned';
  if (reply.status >= 200 && reply.status < 400) return 'ok';
  return reply.status === 503 ? 'blocked' : 'abandoned';
}
