import { SamplingDecision, type Sampler, type SamplingResult } from '@opentelemetry/sdk-trace-base';

/**
 * Keeps at most `perSecond` new traces a second (a token bucket refilled continuously), as
 * vendors' tracers do by default (Datadog's keep 100 traces/s per service). At the lab's
 * traffic every trace is kept; under a load test the service stops spending its event loop
 * on serialising spans nobody will read. Used as the root of a ParentBasedSampler, so a
 * trace is kept or dropped whole across services.
 */
export class RateLimitedSampler implements Sampler {
  private tokens: number;
  private last: number;

  constructor(private readonly perSecond: number, private readonly now: () => number = Date.now) {
    this.tokens = perSecond;
    this.last = now();
  }

  shouldSample(): SamplingResult {
    const t = this.now();
    this.tokens = Math.min(this.perSecond, this.tokens + ((t - this.last) / 1000) * this.perSecond);
    this.last = t;
    if (this.tokens < 1) return { decision: SamplingDecision.NOT_RECORD };
    this.tokens -= 1;
    return { decision: SamplingDecision.RECORD_AND_SAMPLED };
  }

  toString(): string {
    return `RateLimitedSampler{${this.perSecond}/s}`;
  }
}
