import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startOrders } from '../../../test/support/apps.js';
import { serveKitApp, signalBase, startSignalDesk, type SignalDesk } from '../../../test/support/desk-signals.js';
import { requestJson } from '../../../test/support/http.js';
import { until } from '../../../test/support/poll.js';
import { freshRedisUrl } from '../../../test/support/redis.js';
import { createErrorReporter } from '../../../services/kit/error-report.js';
import { createLogger } from '../../../services/kit/logger.js';

// Real kit services report to the desk in-process; the sentry tools must answer with exactly
// the exceptions they threw.

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function desk(opts: Parameters<typeof startSignalDesk>[0] = {}): Promise<SignalDesk> {
  const d = await startSignalDesk(opts);
  cleanups.push(() => d.stop());
  return d;
}

interface IssueRow {
  id: string; title: string; culprit: string; project: string; type: string; code?: string; level: string;
  count: number; requestsAffected: number; firstSeen: string; lastSeen: string; releases: Array<{ release: string; count: number }>;
}
interface IssueDetail {
  issue: IssueRow;
  latestEvent: { message: string; stack: string; traceId?: string; tags: Record<string, string>; context: Record<string, unknown> };
  recentEvents: Array<{ message: string; traceId?: string }>;
  eventsHeld: number;
  truncated: boolean;
}

const traceIds = ['4bf92f3577b34da6a3ce929d0e0e4736', '0af7651916cd43dd8448eb211c80319c', '11112222333344445555666677778888', 'abcdefabcdefabcdefabcdefabcdef01'];

describe('error reports from real services', () => {
  it('groups a service\'s exceptions by fingerprint: events differing only by ids merge, counts and messages match what was thrown', async () => {
    const d = await desk();
    const { base } = signalBase('alpha', d.url);
    const thrown: string[] = [];
    const alpha = await serveKitApp(base, (app) => {
      app.get('/orders/:id/charge', (req) => {
        const message = `order ${req.params.id} has ${Number(req.query.qty)} items, more than the 0x${Number(req.query.qty).toString(16)} in stock`;
        thrown.push(message);
        throw new RangeError(message);
      });
      app.get('/explode', () => {
        const order = undefined as unknown as { qty: number };
        return order.qty;
      });
    });
    cleanups.push(() => alpha.stop());

    // Five charges over four traces (the last two share one), and two explosions.
    for (let i = 0; i < 5; i += 1) {
      const res = await fetch(`${alpha.url}/orders/ord-${1000 + i}/charge?qty=${7 + i * 13}`, { headers: { traceparent: `00-${traceIds[Math.min(i, 3)]}-00f067aa0ba902b7-01` } });
      expect(res.status).toBe(500);
    }
    for (let i = 0; i < 2; i += 1) expect((await fetch(`${alpha.url}/explode`)).status).toBe(500);

    const projects = await until('seven events from alpha', async () => {
      const p = (await d.call<{ projects: Array<{ slug: string; issues: number; events: number }> }>('sentry_list_projects')).result.projects;
      return p.find((x) => x.slug === 'alpha')?.events === 7 ? p : undefined;
    });
    expect(projects.find((x) => x.slug === 'alpha')).toMatchObject({ issues: 2, events: 7 });
    // Every node deployable of the lab is a project, even before it reports.
    expect(projects.map((x) => x.slug)).toEqual(expect.arrayContaining(['storefront', 'orders', 'fulfillment', 'partners', 'seating', 'traffic', 'pager', 'workspace']));
    expect(projects.map((x) => x.slug)).not.toContain('desk');

    const listed = await d.call<{ total: number; issues: IssueRow[] }>('sentry_list_issues', { project: 'alpha' });
    expect(listed.result.total).toBe(2);
    const charge = listed.result.issues.find((i) => i.type === 'RangeError');
    const explode = listed.result.issues.find((i) => i.type === 'TypeError');
    expect(charge).toMatchObject({ project: 'alpha', code: 'internal_error', level: 'error', count: 5, requestsAffected: 4, culprit: 'GET /orders/:id/charge', releases: [{ release: 'test', count: 5 }] });
    expect(thrown.map((m) => `RangeError: internal error: ${m}`)).toContain(charge?.title);
    expect(explode).toMatchObject({ count: 2, culprit: 'GET /explode' });
    expect(explode?.title).toMatch(/^TypeError: internal error: Cannot read properties of undefined \(reading 'qty'\)$/);

    const detail = (await d.call<IssueDetail>('sentry_get_issue', { issueId: charge?.id })).result;
    expect(detail.recentEvents.map((e) => e.message).sort()).toEqual(thrown.map((m) => `internal error: ${m}`).sort());
    expect(new Set(detail.recentEvents.map((e) => e.traceId))).toEqual(new Set(traceIds));
    expect(detail.latestEvent.stack).toMatch(/^RangeError: order ord-\d+ has/);
    expect(detail.latestEvent.stack).toContain('errors.component.test.ts');
    expect(detail.latestEvent.tags).toEqual({ service: 'alpha', release: 'test', level: 'error', code: 'internal_error', route: '/orders/:id/charge', method: 'GET', status: '500' });
    expect(detail.latestEvent.context).toMatchObject({ path: expect.stringMatching(/^\/orders\/ord-\d+\/charge$/), requestId: expect.any(String) });
    expect(detail).toMatchObject({ eventsHeld: 5, truncated: false });

    const queried = await d.call<{ issues: IssueRow[] }>('sentry_list_issues', { query: 'typeerror explode' });
    expect(queried.result.issues.map((i) => i.id)).toEqual([explode?.id]);
  });

  it('groups the real orders app\'s pool_exhausted 503s into one issue, one event per refused request', async () => {
    const d = await desk();
    const orders = await startOrders(await freshRedisUrl(), { poolSize: 2, poolQueueTimeoutMs: 30, batch: { maxOrders: 4, windowMs: 600_000 } }, 100, { errorReportUrl: `${d.url}/api/errors` });
    cleanups.push(() => orders.stop());

    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => requestJson(`${orders.url}/carts/cart-${i}`)));
    const refused = results.filter((r) => r.status === 503);
    expect(refused.length).toBeGreaterThan(0);

    const issues = await until('the refusals counted', async () => {
      const r = (await d.call<{ issues: IssueRow[] }>('sentry_list_issues', { project: 'orders' })).result.issues;
      return r[0]?.count === refused.length ? r : undefined;
    });
    // Waits and queue lengths differ in every message; they are one issue all the same.
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ type: 'AppError', code: 'pool_exhausted', culprit: 'GET /carts/:cartId', requestsAffected: refused.length });
    expect(issues[0]?.title).toMatch(/^AppError: no store connection free within \d+ ms \(2\/2 in use, \d+ waiting\)$/);
    const detail = (await d.call<IssueDetail>('sentry_get_issue', { issueId: issues[0]?.id.toLowerCase() })).result;
    expect(detail.latestEvent.tags).toMatchObject({ service: 'orders', code: 'pool_exhausted', status: '503', route: '/carts/:cartId' });
    expect(detail.latestEvent.context.requestId).toEqual(expect.any(String));
    expect(new Set(refused.map((r) => r.headers.get('x-request-id')))).toContain(detail.latestEvent.context.requestId);
  });

  it('keeps issues and counts across a desk restart, holding only the newest events per issue', async () => {
    const first = await startSignalDesk({ errors: { eventsPerIssue: 3 } });
    const log = createLogger({ service: 'beta', level: 'silent' });
    const reporter = createErrorReporter({ service: 'beta', release: 'beta-1', endpoint: `${first.url}/api/errors`, log });
    for (let i = 0; i < 8; i += 1) await reporter.report(new Error(`job ${i} failed after ${i * 10} ms`), { jobId: `job-${i}` });
    const before = (await first.call<{ issues: IssueRow[] }>('sentry_list_issues')).result.issues;
    await first.stop();
    expect(existsSync(join(first.stateDir, 'desk', 'errors.jsonl'))).toBe(true);

    const again = await desk({ stateDir: first.stateDir, errors: { eventsPerIssue: 3 } });
    const after = (await again.call<{ issues: IssueRow[] }>('sentry_list_issues')).result.issues;
    expect(after).toEqual(before);
    expect(after[0]).toMatchObject({ count: 8, project: 'beta', releases: [{ release: 'beta-1', count: 8 }] });
    const detail = (await again.call<IssueDetail>('sentry_get_issue', { issueId: after[0]?.id })).result;
    expect(detail.recentEvents.map((e) => e.message)).toEqual(['job 7 failed after 70 ms', 'job 6 failed after 60 ms', 'job 5 failed after 50 ms']);
    expect(detail).toMatchObject({ eventsHeld: 3, truncated: true, latestEvent: { context: { jobId: 'job-7' } } });
  });
});

describe('POST /api/errors with a bad body', () => {
  it('answers 400 naming the field, 415 for a body that is not JSON, and stores nothing', async () => {
    const d = await desk();
    const valid = { type: 'Error', message: 'x', service: 'alpha', release: 'r', level: 'error', timestamp: new Date().toISOString(), context: {} };
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...valid, message: undefined }, 'message'],
      [{ ...valid, level: 'warn' }, 'level'],
      [{ ...valid, timestamp: 'yesterday' }, 'timestamp'],
      [{ ...valid, context: 'none' }, 'context'],
    ];
    for (const [body, field] of cases) {
      const res = await requestJson(`${d.url}/api/errors`, { json: body });
      expect(res.status, field).toBe(400);
      expect(res.body).toMatchObject({ error: { code: 'invalid_request', field, message: expect.stringContaining(field) } });
    }
    expect((await requestJson(`${d.url}/api/errors`, { json: [valid] })).body).toMatchObject({ error: { field: '(body)' } });
    expect((await requestJson(`${d.url}/api/errors`, { raw: '{"type":' })).body).toMatchObject({ error: { code: 'invalid_json' } });
    const plain = await fetch(`${d.url}/api/errors`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify(valid) });
    expect(plain.status).toBe(415);
    expect(await plain.json()).toMatchObject({ error: { code: 'unsupported_media_type', field: 'content-type' } });
    expect(d.signals.errors.issues()).toEqual([]);

    const ok = await requestJson(`${d.url}/api/errors`, { json: valid });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ id: expect.stringMatching(/^[0-9a-f]{32}$/), issueId: expect.stringMatching(/^ALPHA-[0-9A-F]{6}$/) });
  });
});

describe('the sentry tools with bad arguments', () => {
  it('answer a structured error naming the field, with the valid values when an id is unknown', async () => {
    const d = await desk();
    const known = (await requestJson(`${d.url}/api/errors`, { json: { type: 'Error', message: 'x', service: 'orders', release: 'r', level: 'error', timestamp: new Date().toISOString() } })).body as { issueId: string };
    const cases: Array<[string, Record<string, unknown>, string, number]> = [
      ['sentry_list_projects', { verbose: true }, 'verbose', 400],
      ['sentry_list_issues', { limit: 0 }, 'limit', 400],
      ['sentry_list_issues', { level: 'warning' }, 'level', 400],
      ['sentry_list_issues', { since: 'yesterday-ish' }, 'since', 400],
      ['sentry_list_issues', { project: 'payments' }, 'project', 404],
      ['sentry_get_issue', {}, 'issueId', 400],
      ['sentry_get_issue', { issueId: 'ORDERS-000000' }, 'issueId', 404],
    ];
    for (const [name, args, field, status] of cases) {
      const out = await d.call(name, args);
      expect(out.status, `${name} ${JSON.stringify(args)}`).toBe(status);
      expect(out.error?.field, `${name} ${JSON.stringify(args)}: ${out.error?.message ?? ''}`).toBe(field);
      expect(out.error?.message).toContain(field);
    }
    expect((await d.call('sentry_get_issue', { issueId: 'ORDERS-000000' })).error?.valid).toEqual([known.issueId]);
    expect((await d.call('sentry_list_issues', { project: 'payments' })).error?.valid).toContain('orders');
  });
});
