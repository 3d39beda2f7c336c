import { appendFileSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createErrorStore } from './error-store.js';
import { countSince } from './issue.js';
import { errorReportSchema, type StoredReport } from './report.js';

const at = (s: number) => new Date(Date.UTC(2026, 10, 30, 10, 0, s)).toISOString();

function report(over: Partial<StoredReport> & { n?: number } = {}): StoredReport {
  const n = over.n ?? 1;
  return errorReportSchema.parse({
    type: 'AppError', code: 'pool_exhausted', message: `no store connection free within ${n} ms`, service: 'orders', release: 'orders-abc1234',
    stack: 'AppError: x\n    at acquire (file:///srv/services/orders/pool.js:60:20)', level: 'error', timestamp: at(n % 60),
    traceId: `${String(n).padStart(32, '0')}`, context: { route: '/carts/:cartId', status: 503 }, ...over,
  });
}

const tmpFile = () => join(mkdtempSync(join(tmpdir(), 'fd-errors-')), 'desk', 'errors.jsonl');

describe('createErrorStore', () => {
  it('groups events that differ only by ids, counts every one and holds the newest few', () => {
    const store = createErrorStore({ eventsPerIssue: 3 });
    const ids = Array.from({ length: 7 }, (_, i) => store.add(report({ n: i + 1 })));
    expect(new Set(ids.map((x) => x.issueId)).size).toBe(1);
    const issue = store.issues()[0];
    if (!issue) throw new Error('no issue');
    expect(issue).toMatchObject({ count: 7, service: 'orders', code: 'pool_exhausted', firstSeen: at(1), lastSeen: at(7), title: 'AppError: no store connection free within 1 ms' });
    expect(issue.requests.size).toBe(7);
    expect(issue.events.map((e) => e.eventId)).toEqual(ids.slice(-3).map((x) => x.eventId));
    expect(countSince(issue, Date.parse(at(0)))).toBe(7);
    expect(countSince(issue, Date.parse(at(0)) + 3_600_000)).toBe(0);
  });

  it('keeps a different type, code or service apart, and counts distinct requests once', () => {
    const store = createErrorStore();
    store.add(report({ n: 1 }));
    store.add(report({ n: 2, traceId: undefined, context: { requestId: 'r-1' } }));
    store.add(report({ n: 3, traceId: undefined, context: { requestId: 'r-1' } }));
    store.add(report({ n: 4, service: 'storefront' }));
    store.add(report({ n: 5, code: 'breaker_open' }));
    const issues = store.issues();
    expect(issues).toHaveLength(3);
    expect(issues.find((i) => i.service === 'orders' && i.code === 'pool_exhausted')).toMatchObject({ count: 3 });
    expect(issues.find((i) => i.code === 'pool_exhausted' && i.service === 'orders')?.requests.size).toBe(2);
  });

  it('evicts the issue seen least recently past maxIssues', () => {
    const store = createErrorStore({ maxIssues: 2 });
    const a = store.add(report({ n: 1, type: 'A' }));
    const b = store.add(report({ n: 2, type: 'B' }));
    store.add(report({ n: 3, type: 'A' }));
    store.add(report({ n: 4, type: 'C' }));
    expect(store.issue(a.issueId)).toBeDefined();
    expect(store.issue(b.issueId)).toBeUndefined();
  });

  it('keeps issues, counts and held events across a restart, skipping a torn last line', () => {
    const file = tmpFile();
    const first = createErrorStore({ file, eventsPerIssue: 2 });
    for (let n = 1; n <= 5; n += 1) first.add(report({ n }));
    first.close();
    appendFileSync(file, '{"kind":"event","event":{"eventId":"x"');
    const again = createErrorStore({ file, eventsPerIssue: 2 });
    const [issue] = again.issues();
    expect(issue).toMatchObject({ count: 5, firstSeen: at(1), lastSeen: at(5) });
    expect(issue?.events.map((e) => e.report.message)).toEqual(['no store connection free within 4 ms', 'no store connection free within 5 ms']);
    again.add(report({ n: 6 }));
    again.close();
    expect(createErrorStore({ file }).issues()[0]?.count).toBe(6);
  });

  it('compacts the file to a snapshot once it grows, and a restart still has every count', () => {
    const file = tmpFile();
    const store = createErrorStore({ file, eventsPerIssue: 2, compactBytes: 4000 });
    for (let n = 1; n <= 40; n += 1) store.add(report({ n }));
    store.close();
    expect(statSync(file).size).toBeLessThan(8000);
    const lines = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { kind: string });
    expect(lines.some((l) => l.kind === 'issue')).toBe(true);
    const again = createErrorStore({ file, eventsPerIssue: 2 });
    expect(again.issues()[0]).toMatchObject({ count: 40, lastSeen: at(40) });
    expect(again.issues()[0]?.requests.size).toBe(40);
    expect(again.issues()[0]?.events).toHaveLength(2);
  });

  it('starts empty on an empty or missing file', () => {
    const file = tmpFile();
    const missing = createErrorStore({ file });
    expect(missing.issues()).toEqual([]);
    missing.close();
    writeFileSync(file, '');
    const empty = createErrorStore({ file });
    expect(empty.issues()).toEqual([]);
    empty.close();
  });
});
