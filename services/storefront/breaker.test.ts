import { pino } from 'pino';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { sampleValue } from '../../test/support/prom.js';
import { AppError } from '../kit/errors.js';
import type { Flags } from '../kit/flags.js';
import { UpstreamError } from '../kit/http-client.js';
import { breakerError, breakerOptions, createOrdersBreaker, type GuardedCall } from './breaker.js';
import { storefrontDeploySchema, type BreakerConfig } from './config.js';
import { createStorefrontMetrics } from './metrics.js';

const config: BreakerConfig = { timeoutMs: 1234, errorThresholdPercentage: 37, volumeThreshold: 7, resetTimeoutMs: 4321, rollingWindowMs: 9000 };

const upstream = (status: number) =>
  new UpstreamError(status >= 500 ? 'upstream_unavailable' : 'upstream_rejected', status >= 500 ? 502 : status, `orders answered ${status}`, { upstreamStatus: status });
const timedOut = () => new UpstreamError('upstream_timeout', 504, 'orders did not answer within 10 ms');
const unreachable = () => new UpstreamError('upstream_unreachable', 502, 'orders unreachable: ECONNREFUSED');
const opossumError = (code: string) => Object.assign(new Error(code), { code });

describe('breakerOptions', () => {
  it('maps the storefront.yaml breaker keys to opossum options', () => {
    const options = breakerOptions('orders', config);
    expect(options).toMatchObject({
      name: 'orders',
      timeout: 1234,
      errorThresholdPercentage: 37,
      volumeThreshold: 7,
      resetTimeout: 4321,
      rollingCountTimeout: 9000,
    });
  });

  it('maps the schema defaults, not values of its own', () => {
    const defaults = storefrontDeploySchema.parse({}).breaker;
    expect(breakerOptions('orders', defaults)).toMatchObject({
      timeout: defaults.timeoutMs,
      errorThresholdPercentage: defaults.errorThresholdPercentage,
      volumeThreshold: defaults.volumeThreshold,
      resetTimeout: defaults.resetTimeoutMs,
      rollingCountTimeout: defaults.rollingWindowMs,
    });
  });

  it('errorFilter ignores upstream 4xx (the caller’s mistake) and counts 5xx, timeouts and unreachable orders', () => {
    const filter = breakerOptions('orders', config).errorFilter;
    if (!filter) throw new Error('breakerOptions sets no errorFilter');
    for (const status of [400, 404, 409, 422, 499]) expect(filter(upstream(status)), `upstream ${status}`).toBe(true);
    for (const status of [500, 502, 503, 504]) expect(filter(upstream(status)), `upstream ${status}`).toBe(false);
    expect(filter(timedOut()), 'client deadline').toBe(false);
    expect(filter(unreachable()), 'unreachable').toBe(false);
    expect(filter(opossumError('ETIMEDOUT')), 'breaker timeout').toBe(false);
    expect(filter(new AppError('bad_request', 400, 'not from orders')), 'an AppError that is not an upstream answer').toBe(false);
    expect(filter(new Error('bug')), 'plain error').toBe(false);
  });
});

describe('breakerError', () => {
  it('maps an open breaker to 503 breaker_open, keeping the cause', () => {
    const cause = opossumError('EOPENBREAKER');
    const mapped = breakerError(cause, 'orders', config);
    expect(mapped).toBeInstanceOf(AppError);
    expect(mapped).toMatchObject({ code: 'breaker_open', status: 503, cause });
    expect((mapped as AppError).message).toContain('5 s');
  });

  it('maps a breaker timeout to 504 orders_timeout', () => {
    const mapped = breakerError(opossumError('ETIMEDOUT'), 'orders', config);
    expect(mapped).toBeInstanceOf(AppError);
    expect(mapped).toMatchObject({ code: 'orders_timeout', status: 504 });
    expect((mapped as AppError).message).toContain('1234 ms');
  });

  it('passes upstream errors through unchanged', () => {
    const err = upstream(503);
    expect(breakerError(err, 'orders', config)).toBe(err);
  });
});

describe('createOrdersBreaker', () => {
  const open: GuardedCall[] = [];
  afterEach(() => {
    for (const b of open.splice(0)) b.shutdown();
  });

  const flagsSaying = (enabled: boolean): Flags => ({ getBoolean: async () => enabled, close: async () => undefined });

  function build(overrides: Partial<BreakerConfig> = {}, enabled = true) {
    const registry = new Registry();
    const metrics = createStorefrontMetrics(registry);
    const guarded = createOrdersBreaker({
      name: 'orders',
      config: { ...config, timeoutMs: 5000, volumeThreshold: 4, errorThresholdPercentage: 50, resetTimeoutMs: 60_000, ...overrides },
      flags: flagsSaying(enabled),
      metrics,
      log: pino({ enabled: false }),
    });
    open.push(guarded);
    const events = async (event: string) => sampleValue(await registry.metrics(), 'storefront_breaker_events_total', { breaker: 'orders', event }) ?? 0;
    return { guarded, events };
  }

  it('opens after enough upstream failures and then short-circuits with 503 breaker_open without calling orders', async () => {
    const { guarded, events } = build();
    let calls = 0;
    const failing = async (): Promise<never> => {
      calls += 1;
      throw upstream(503);
    };
    for (let i = 0; i < 4; i += 1) await expect(guarded.call(failing)).rejects.toMatchObject({ code: 'upstream_unavailable' });
    expect(guarded.state()).toBe('open');
    expect(await events('open')).toBe(1);

    await expect(guarded.call(failing)).rejects.toMatchObject({ code: 'breaker_open', status: 503 });
    expect(calls).toBe(4);
    expect(await events('reject')).toBe(1);
  });

  it('stays closed however many 4xx orders answers, and passes them through unchanged', async () => {
    const { guarded, events } = build();
    const notFound = upstream(404);
    for (let i = 0; i < 12; i += 1) await expect(guarded.call(async () => Promise.reject(notFound))).rejects.toBe(notFound);
    expect(guarded.state()).toBe('closed');
    expect(await events('failure')).toBe(0);
    await expect(guarded.call(async () => 'ok')).resolves.toBe('ok');
  });

  it('turns a call slower than timeoutMs into 504 orders_timeout, counted as a failure', async () => {
    const { guarded, events } = build({ timeoutMs: 20 });
    let finish: (() => void) | undefined;
    const slow = () => new Promise<string>((resolve) => {
      finish = () => resolve('late');
    });
    await expect(guarded.call(slow)).rejects.toMatchObject({ code: 'orders_timeout', status: 504 });
    finish?.();
    expect(await events('timeout')).toBe(1);
    expect(await events('failure')).toBe(1);
  });

  it('with the flag off calls orders directly: errors pass through, nothing is counted, the state reads disabled', async () => {
    const { guarded, events } = build({}, false);
    let calls = 0;
    const err = upstream(503);
    for (let i = 0; i < 10; i += 1) {
      await expect(guarded.call(async () => {
        calls += 1;
        throw err;
      })).rejects.toBe(err);
    }
    expect(calls).toBe(10);
    expect(guarded.state()).toBe('disabled');
    expect(await events('failure')).toBe(0);
    expect(await events('open')).toBe(0);
  });
});
