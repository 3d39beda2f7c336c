import CircuitBreaker from 'opossum';
import type { Logger } from 'pino';
import { AppError } from '../kit/errors.js';
import type { Flags } from '../kit/flags.js';
import { UpstreamError } from '../kit/http-client.js';
import type { BreakerConfig } from './config.js';
import type { BreakerState, StorefrontMetrics } from './metrics.js';

export const BREAKER_FLAG = 'storefrontBreakerEnabled';

/** `config/storefront.yaml` breaker keys → opossum options. */
export function breakerOptions(name: string, c: BreakerConfig): CircuitBreaker.Options {
  return {
    name,
    timeout: c.timeoutMs,
    errorThresholdPercentage: c.errorThresholdPercentage,
    volumeThreshold: c.volumeThreshold,
    resetTimeout: c.resetTimeoutMs,
    rollingCountTimeout: c.rollingWindowMs,
    rollingCountBuckets: 10,
    // A 4xx from orders is the caller's mistake, not orders failing: it must not trip the breaker.
    errorFilter: (err: unknown) => err instanceof UpstreamError && err.upstreamStatus !== undefined && err.upstreamStatus < 500,
  };
}

export interface GuardedCall {
  /** Runs `fn` through the breaker (or directly when the flag disables it). */
  call<T>(fn: () => Promise<T>): Promise<T>;
  state(): BreakerState;
  shutdown(): void;
}

type Action = () => Promise<unknown>;

/** Maps opossum's own rejections into the error model; upstream errors pass through. */
export function breakerError(err: unknown, name: string, c: BreakerConfig): unknown {
  const code = (err as { code?: unknown }).code;
  if (code === 'EOPENBREAKER') {
    return new AppError('breaker_open', 503, `${name} circuit breaker is open; retrying in up to ${Math.ceil(c.resetTimeoutMs / 1000)} s`, { cause: err });
  }
  if (code === 'ETIMEDOUT') return new AppError('orders_timeout', 504, `orders did not answer within ${c.timeoutMs} ms`, { cause: err });
  return err;
}

/**
 * The breaker in front of orders. The `storefrontBreakerEnabled` flag is read on every
 * call, so turning it off (a tempting incident move) takes effect without a restart.
 */
export function createOrdersBreaker(deps: { name: string; config: BreakerConfig; flags: Flags; metrics: StorefrontMetrics; log: Logger }): GuardedCall {
  const { name, config, metrics } = deps;
  const breaker = new CircuitBreaker<[Action], unknown>((fn: Action) => fn(), breakerOptions(name, config));
  let enabled = true;
  const count = (event: string) => metrics.breakerEvents.inc({ breaker: name, event });
  breaker.on('success', () => count('success'));
  breaker.on('failure', () => count('failure'));
  breaker.on('timeout', () => count('timeout'));
  breaker.on('reject', () => count('reject'));
  breaker.on('open', () => {
    count('open');
    deps.log.warn({ breaker: name, resetTimeoutMs: config.resetTimeoutMs }, 'circuit breaker opened');
  });
  breaker.on('halfOpen', () => {
    count('half_open');
    deps.log.info({ breaker: name }, 'circuit breaker half-open');
  });
  breaker.on('close', () => {
    count('close');
    deps.log.info({ breaker: name }, 'circuit breaker closed');
  });

  return {
    async call<T>(fn: () => Promise<T>): Promise<T> {
      enabled = await deps.flags.getBoolean(BREAKER_FLAG, true);
      if (!enabled) return fn();
      try {
        return (await breaker.fire(fn)) as T;
      } catch (err) {
        throw breakerError(err, name, config);
      }
    },
    state: () => (!enabled ? 'disabled' : breaker.opened ? 'open' : breaker.halfOpen ? 'half_open' : 'closed'),
    shutdown: () => breaker.shutdown(),
  };
}
