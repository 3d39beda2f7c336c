import { Counter, Gauge, type Registry } from 'prom-client';

export type BreakerState = 'closed' | 'open' | 'half_open' | 'disabled';
export const breakerStates: readonly BreakerState[] = ['closed', 'open', 'half_open', 'disabled'];
export type CheckoutOutcome = 'completed' | 'failed' | 'blocked' | 'rejected';

export interface StorefrontMetrics {
  breakerEvents: Counter<'breaker' | 'event'>;
  checkouts: Counter<'outcome'>;
}

export function createStorefrontMetrics(registry: Registry): StorefrontMetrics {
  return {
    breakerEvents: new Counter({
      name: 'storefront_breaker_events_total',
      help: 'Circuit breaker events: success, failure, timeout, reject (short-circuited while open), open, half_open, close.',
      labelNames: ['breaker', 'event'],
      registers: [registry],
    }),
    checkouts: new Counter({
      name: 'storefront_checkouts_total',
      help: 'Checkout submissions by outcome: completed, failed (orders error), blocked (breaker open), rejected (invalid input).',
      labelNames: ['outcome'],
      registers: [registry],
    }),
  };
}

/** `state` is read at scrape time; exactly one state of each breaker is 1. */
export function registerBreakerGauge(registry: Registry, breakers: Record<string, () => BreakerState>): void {
  new Gauge({
    name: 'storefront_breaker_state',
    help: 'Circuit breaker state: 1 for the current state (closed, open, half_open, disabled), 0 for the others.',
    labelNames: ['breaker', 'state'],
    registers: [registry],
    collect() {
      for (const [breaker, read] of Object.entries(breakers)) {
        const current = read();
        for (const state of breakerStates) this.set({ breaker, state }, state === current ? 1 : 0);
      }
    },
  });
}
