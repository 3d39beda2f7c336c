import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Delivery, Outcome, Transport } from './envelope.js';

export interface DispatcherDeps {
  /** The open Socket Mode connections, when there is one. */
  socket: () => Transport | undefined;
  /** Signed HTTP requests, when the app has a request URL. */
  http: () => Transport | undefined;
  log: Logger;
}

export interface Dispatcher {
  deliver(delivery: Delivery): Promise<Outcome>;
}

/**
 * Hands an envelope to the app: over an open socket first, else to its request URL, and
 * waits for the ack. Any envelope not acked in time is redelivered once, under the same
 * envelope id, so an app that lost an ack while reconnecting still gets the click or the
 * command; only when the redelivery goes unacked too does the person see an error.
 */
export function createDispatcher(deps: DispatcherDeps): Dispatcher {
  const pick = () => deps.socket() ?? deps.http();
  return {
    async deliver(delivery) {
      const envelopeId = randomUUID();
      const tries = 2;
      let retryReason = '';
      let timedOut = false;
      for (let attempt = 0; attempt < tries; attempt += 1) {
        const transport = pick();
        if (!transport) {
          if (attempt === 0) deps.log.debug({ type: delivery.type }, 'no app connected: envelope dropped');
          break;
        }
        const result = await transport.attempt(delivery, { envelopeId, attempt, retryReason });
        if (result.acked) return { acked: true, via: transport.name, response: result.response };
        deps.log.warn({ envelopeId, type: delivery.type, via: transport.name, attempt, reason: result.reason }, 'envelope not acknowledged');
        retryReason = result.reason;
        timedOut = result.timedOut;
      }
      return { acked: false, error: timedOut ? 'operation_timeout' : 'dispatch_failed' };
    },
  };
}
