import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { samplesOf } from '../../test/support/prom.js';
import { breakerStates, registerBreakerGauge, type BreakerState } from './metrics.js';

describe('storefront_breaker_state', () => {
  it('reads the state at scrape time and sets exactly that one state to 1', async () => {
    const registry = new Registry();
    let current: BreakerState = 'closed';
    registerBreakerGauge(registry, { orders: () => current });
    for (const state of breakerStates) {
      current = state;
      const samples = samplesOf(await registry.metrics(), 'storefront_breaker_state', { breaker: 'orders' });
      expect(samples.map((s) => s.labels.state).sort()).toEqual([...breakerStates].sort());
      expect(samples.filter((s) => s.value === 1).map((s) => s.labels.state)).toEqual([state]);
      expect(samples.filter((s) => s.value !== 1).every((s) => s.value === 0)).toBe(true);
    }
  });

  it('keeps each breaker’s states apart', async () => {
    const registry = new Registry();
    registerBreakerGauge(registry, { orders: () => 'open', payments: () => 'half_open' });
    const text = await registry.metrics();
    const on = (breaker: string) => samplesOf(text, 'storefront_breaker_state', { breaker }).filter((s) => s.value === 1).map((s) => s.labels.state);
    expect(on('orders')).toEqual(['open']);
    expect(on('payments')).toEqual(['half_open']);
  });
});
