import { describe, expect, it } from 'vitest';
import { isValidIdempotencyKey, requestFingerprint } from './idempotency.js';

const body = {
  customer: { name: 'Ann', email: 'ann@example.com' },
  items: [{ sku: 'MUG-01', qty: 2 }, { sku: 'TEE-02', qty: 1 }],
};

describe('requestFingerprint', () => {
  it('is a hex sha-256 that does not depend on key order, at any depth', () => {
    const reordered = {
      items: [{ qty: 2, sku: 'MUG-01' }, { qty: 1, sku: 'TEE-02' }],
      customer: { email: 'ann@example.com', name: 'Ann' },
    };
    expect(requestFingerprint(body)).toMatch(/^[0-9a-f]{64}$/);
    expect(requestFingerprint(reordered)).toBe(requestFingerprint(body));
    expect(requestFingerprint(structuredClone(body))).toBe(requestFingerprint(body));
  });

  it('ignores fields that are undefined, as JSON would', () => {
    expect(requestFingerprint({ ...body, cartId: undefined })).toBe(requestFingerprint(body));
  });

  it('changes when anything in the body changes', () => {
    const variants: unknown[] = [
      { ...body, customer: { ...body.customer, email: 'bob@example.com' } },
      { ...body, items: [{ sku: 'MUG-01', qty: 3 }, { sku: 'TEE-02', qty: 1 }] },
      { ...body, items: [{ sku: 'MUG-01', qty: 2 }] },
      { ...body, items: [{ sku: 'TEE-02', qty: 1 }, { sku: 'MUG-01', qty: 2 }] },
      { customer: body.customer, cartId: 'c1' },
      { ...body, items: [{ sku: 'MUG-01', qty: '2' }, { sku: 'TEE-02', qty: 1 }] },
    ];
    const fingerprints = new Set([requestFingerprint(body), ...variants.map(requestFingerprint)]);
    expect(fingerprints.size).toBe(variants.length + 1);
  });
});

describe('isValidIdempotencyKey', () => {
  it('accepts 1-255 visible ASCII characters', () => {
    for (const key of ['a', 'checkout-7f3a9c', '550e8400-e29b-41d4-a716-446655440000', '!~{}[]:;', 'k'.repeat(255)]) {
      expect(isValidIdempotencyKey(key), key).toBe(true);
    }
  });

  it('refuses empty, too long, whitespace, control and non-ASCII keys', () => {
    for (const key of ['', 'k'.repeat(256), 'has space', ' lead', 'tab\there', 'nl\n', 'caf\u00e9', '\u0000']) {
      expect(isValidIdempotencyKey(key), JSON.stringify(key)).toBe(false);
    }
  });
});
