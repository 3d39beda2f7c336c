import { describe, expect, it } from 'vitest';
import { redactQuery } from './request-context.js';

describe('request logging', () => {
  it('never logs a credential carried in the query string', () => {
    expect(redactQuery('/api/auth.test?token=xoxb-123-456&pretty=1')).toBe('/api/auth.test?token=***&pretty=1');
    expect(redactQuery('/link/?ticket=abc&app_id=A1')).toBe('/link/?ticket=***&app_id=A1');
    expect(redactQuery('/orders/42?x=token')).toBe('/orders/42?x=token');
  });
});
