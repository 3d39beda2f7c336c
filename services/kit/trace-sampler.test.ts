import { SamplingDecision } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { RateLimitedSampler } from './trace-sampler.js';

const sampled = (s: RateLimitedSampler, n: number) => Array.from({ length: n }, () => s.shouldSample().decision).filter((d) => d === SamplingDecision.RECORD_AND_SAMPLED).length;

describe('RateLimitedSampler', () => {
  it('keeps every trace below the rate, and at most the rate above it', () => {
    let now = 0;
    const sampler = new RateLimitedSampler(100, () => now);
    expect(sampled(sampler, 100)).toBe(100); // a full bucket
    expect(sampled(sampler, 50)).toBe(0); // spent within the same instant
    now += 500;
    expect(sampled(sampler, 80)).toBe(50); // half a second refills half the rate
    now += 10_000;
    expect(sampled(sampler, 500)).toBe(100); // a long pause never banks more than a second
  });

  it('keeps a steady stream under the rate whole', () => {
    let now = 0;
    const sampler = new RateLimitedSampler(100, () => now);
    let kept = 0;
    for (let i = 0; i < 1000; i += 1) {
      now += 20; // 50 traces a second
      kept += sampled(sampler, 1);
    }
    expect(kept).toBe(1000);
  });
});
