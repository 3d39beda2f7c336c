import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../paths.js';
import { fastRules } from './plan.js';

describe('fastRules (the test profile)', () => {
  it('shortens every for: and the breaker alert\'s look-back thirty times, never below a couple of scrapes', () => {
    const text = 'expr: max by (b) (max_over_time(x{state=~"open|half_open"}[30s])) == 1\n        for: 1m\n        for: 30m\n        for: 10s\nexpr: rate(y[5m]) > 0\n';
    expect(fastRules(text)).toBe('expr: max by (b) (max_over_time(x{state=~"open|half_open"}[2s])) == 1\n        for: 2s\n        for: 60s\n        for: 1s\nexpr: rate(y[5m]) > 0\n');
  });

  it('shortens the shipped rules: the look-back of the page and every for: of minutes', () => {
    const fast = fastRules(readFileSync(join(repoRoot(), 'dashboards', 'prometheus', 'alerts.yml'), 'utf8'));
    expect(fast).toContain('max_over_time(storefront_breaker_state{state=~"open|half_open"}[2s])');
    expect(fast).not.toMatch(/^\s+for: \d+[mh]$/m);
  });
});
