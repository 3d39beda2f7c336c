import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardQueries, type DashboardQuery } from './index.js';
import { checkDashboardQueries, parseQueryResponse } from './live-check.js';

// Bodies copied from a real Prometheus 2.42 (`/api/v1/query`), status codes included.
const answers: Record<string, { status: number; body: unknown }> = {
  'sum by (partner) (partners_shipments_total)': {
    status: 200,
    body: { status: 'success', data: { resultType: 'vector', result: [
      { metric: { partner: 'acme' }, value: [1796036833.1, '12'] },
      { metric: { partner: 'bolt' }, value: [1796036833.1, '3'] },
    ] } },
  },
  'sum(partners_duplicate_items_total)': { status: 200, body: { status: 'success', data: { resultType: 'vector', result: [] } } },
  'sum(rate(up[1m])': {
    status: 400,
    body: { status: 'error', errorType: 'bad_data', error: 'invalid parameter "query": 1:17: parse error: unclosed left parenthesis' },
  },
  'vector(0) / 0': { status: 200, body: { status: 'success', data: { resultType: 'vector', result: [{ metric: {}, value: [1796036833.1, 'NaN'] }] } } },
};

describe('checkDashboardQueries against a server answering like Prometheus', () => {
  let server: Server;
  let url: string;
  const received: Array<{ path: string; query: string | null }> = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      const u = new URL(req.url ?? '/', 'http://local');
      const query = u.searchParams.get('query');
      received.push({ path: u.pathname, query });
      const answer = (query !== null ? answers[query] : undefined) ?? { status: 200, body: { status: 'success', data: { resultType: 'vector', result: [] } } };
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const query = (panel: string, expr: string): DashboardQuery => ({ dashboard: 'firedrill · Lab truth', uid: 'firedrill-lab-truth', panel, expr });

  it('reports data, an empty answer, a parse error and a NaN answer, each for its panel', async () => {
    const results = await checkDashboardQueries(url, [
      query('Shipments', 'sum by (partner) (partners_shipments_total)'),
      query('Duplicate items', 'sum(partners_duplicate_items_total)'),
      query('Broken', 'sum(rate(up[1m])'),
      query('Average', 'vector(0) / 0'),
    ]);
    expect(results).toEqual([
      { uid: 'firedrill-lab-truth', panel: 'Shipments', expr: 'sum by (partner) (partners_shipments_total)', ok: true, series: 2, finite: 2 },
      { uid: 'firedrill-lab-truth', panel: 'Duplicate items', expr: 'sum(partners_duplicate_items_total)', ok: true, series: 0, finite: 0 },
      { uid: 'firedrill-lab-truth', panel: 'Broken', expr: 'sum(rate(up[1m])', ok: false, series: 0, finite: 0,
        error: 'bad_data: invalid parameter "query": 1:17: parse error: unclosed left parenthesis' },
      { uid: 'firedrill-lab-truth', panel: 'Average', expr: 'vector(0) / 0', ok: true, series: 1, finite: 0 },
    ]);
  });

  it('sends every dashboard expression, in order, to /api/v1/query', async () => {
    received.length = 0;
    const results = await checkDashboardQueries(`${url}/`);
    const queries = dashboardQueries();
    expect(received).toEqual(queries.map((q) => ({ path: '/api/v1/query', query: q.expr })));
    expect(results.map((r) => [r.uid, r.panel, r.ok])).toEqual(queries.map((q) => [q.uid, q.panel, true]));
  });

  it('keeps a path prefix in the Prometheus URL', async () => {
    received.length = 0;
    await checkDashboardQueries(`${url}/prometheus`, [query('Shipments', 'sum by (partner) (partners_shipments_total)')]);
    expect(received.map((r) => r.path)).toEqual(['/prometheus/api/v1/query']);
  });

  it('reports a Prometheus that does not answer instead of throwing', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const [result] = await checkDashboardQueries(`http://127.0.0.1:${port}`, [query('Shipments', 'up')]);
    expect(result).toMatchObject({ ok: false, series: 0, error: expect.stringMatching(/^no answer from http:\/\/127\.0\.0\.1:\d+/) });
  });
});

describe('parseQueryResponse', () => {
  it('reads scalars, matrices and non-API answers', () => {
    expect(parseQueryResponse(200, '{"status":"success","data":{"resultType":"scalar","result":[1796036833.1,"4"]}}')).toEqual({ ok: true, series: 1, finite: 1 });
    expect(parseQueryResponse(200, '{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1,"NaN"],[2,"3"]]}]}}'))
      .toEqual({ ok: true, series: 1, finite: 1 });
    expect(parseQueryResponse(422, '{"status":"error","errorType":"execution","error":"query timed out"}'))
      .toEqual({ ok: false, series: 0, finite: 0, error: 'execution: query timed out' });
    expect(parseQueryResponse(404, '404 page not found')).toMatchObject({ ok: false, error: expect.stringMatching(/^HTTP 404: not a Prometheus API answer/) });
  });
});
