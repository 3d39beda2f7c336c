import { describe, expect, it } from 'vitest';
import { toErrorReport } from '../../../services/kit/error-report.js';
import { AppError } from '../../../services/kit/errors.js';
import { fingerprintOf, issueIdOf, normalizeMessage, topFrame } from './fingerprint.js';
import { errorReportSchema } from './report.js';

describe('normalizeMessage', () => {
  it('strips numbers, ids and hex, so messages that differ only there are equal', () => {
    expect(normalizeMessage('no store connection free within 31 ms (2/2 in use, 3 waiting)'))
      .toBe(normalizeMessage('no store connection free within 1004 ms (4/4 in use, 17 waiting)'));
    expect(normalizeMessage('batch acme-000042 failed for order 3f2b8c1e-77aa-4a4b-9c1d-1b2c3d4e5f60'))
      .toBe('batch <*> failed for order <*>');
    expect(normalizeMessage('trace deadbeefcafebabedeadbeefcafebabe lost')).toBe('trace <*> lost');
  });

  it('folds a list of ids into one placeholder, whatever its length', () => {
    expect(normalizeMessage('seat E10 of keynote-2026 is held by 2 tickets: tkt-1, tkt-5'))
      .toBe(normalizeMessage('seat A3 of chaos-workshop-2026 is held by 3 tickets: tkt-7, tkt-8, tkt-11'));
  });

  it('keeps words without digits: different messages stay different', () => {
    expect(normalizeMessage('unknown partner "zulu"')).not.toBe(normalizeMessage('unknown partner "yankee"'));
  });
});

describe('topFrame', () => {
  it('names the function and the last three path segments, without line and column', () => {
    const stack = 'TypeError: x\n    at runAudit (file:///srv/firedrill/dist/services/seating/audit.js:70:39)\n    at async tick (file:///srv/x.js:1:1)';
    expect(topFrame(stack)).toBe('runAudit (services/seating/audit.js)');
    expect(topFrame('Error: y\n    at /home/a/b/c/d.js:5:6')).toBe('b/c/d.js');
    expect(topFrame(undefined)).toBeUndefined();
    expect(topFrame('Error: no frames')).toBeUndefined();
  });
});

describe('fingerprintOf and issueIdOf', () => {
  const report = (err: unknown, service = 'orders') => errorReportSchema.parse(toErrorReport(err, { service, release: 'r1' }));
  const thrown = (n: number) => new AppError('pool_exhausted', 503, `no store connection free within ${n} ms (2/2 in use, ${n % 7} waiting)`);

  it('groups the kit\'s reports of one failure, and splits by service, code and type', () => {
    expect(fingerprintOf(report(thrown(31)))).toBe(fingerprintOf(report(thrown(502))));
    expect(fingerprintOf(report(thrown(31)))).not.toBe(fingerprintOf(report(thrown(31), 'storefront')));
    expect(fingerprintOf(report(new AppError('other', 503, 'no store connection free within 31 ms (2/2 in use, 3 waiting)')))).not.toBe(fingerprintOf(report(thrown(31))));
  });

  it('makes a short id with the project in it, the same for the same fingerprint', () => {
    const id = issueIdOf('orders', fingerprintOf(report(thrown(1))));
    expect(id).toMatch(/^ORDERS-[0-9A-F]{6}$/);
    expect(issueIdOf('orders', fingerprintOf(report(thrown(2))))).toBe(id);
  });
});
