import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../test/support/ports.js';
import { AppError } from './errors.js';
import { createHttpClient, UpstreamError, type HttpClient } from './http-client.js';
import { createTracing } from './tracing.js';

interface Received {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

const received: Received[] = [];
const stalled: ServerResponse[] = [];

/** A real peer on port 0 whose routes answer the ways a peer can fail. */
const peer = createServer((req, res) => {
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (chunk: string) => (body += chunk));
  req.on('end', () => {
    received.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body });
    const send = (status: number, payload: string, type = 'application/json'): void => {
      res.writeHead(status, { 'content-type': type });
      res.end(payload);
    };
    switch (req.url) {
      case '/orders':
        send(201, JSON.stringify({ id: 'o-1', echo: JSON.parse(body) as unknown }));
        return;
      case '/empty':
        res.writeHead(204).end();
        return;
      case '/sold-out':
        send(409, JSON.stringify({ error: { code: 'out_of_stock', message: 'mug is sold out' } }));
        return;
      case '/pool':
        send(503, JSON.stringify({ error: { code: 'pool_exhausted', message: 'no store session free' } }));
        return;
      case '/html-500':
        send(500, '<h1>Internal Server Error</h1>', 'text/html');
        return;
      case '/stall':
        // Never answers; the client's deadline has to end it.
        stalled.push(res);
        return;
      default:
        send(404, JSON.stringify({ error: { code: 'not_found', message: `no route for ${req.url}` } }));
    }
  });
});

let client: HttpClient;
let baseUrl: string;

beforeAll(async () => {
  await new Promise<void>((resolve) => peer.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(peer.address() as AddressInfo).port}`;
  client = createHttpClient({ peer: 'orders', baseUrl, tracing: createTracing({ service: 'storefront', release: 'test' }), timeoutMs: 5000 });
});

afterAll(async () => {
  for (const res of stalled) res.destroy();
  peer.closeAllConnections();
  await new Promise<void>((resolve) => peer.close(() => resolve()));
});

async function failureOf(p: Promise<unknown>): Promise<UpstreamError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(UpstreamError);
    expect(err).toBeInstanceOf(AppError);
    return err as UpstreamError;
  }
  throw new Error('expected an UpstreamError');
}

describe('createHttpClient', () => {
  it('sends JSON and returns the parsed answer', async () => {
    const res = await client.request<{ id: string; echo: unknown }>('POST', '/orders', { body: { sku: 'mug', qty: 2 }, headers: { 'idempotency-key': 'k-1' } });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: 'o-1', echo: { sku: 'mug', qty: 2 } });
    const seen = received.find((r) => r.path === '/orders');
    expect(seen).toMatchObject({ method: 'POST', body: '{"sku":"mug","qty":2}' });
    expect(seen?.headers['content-type']).toBe('application/json');
    expect(seen?.headers.accept).toBe('application/json');
    expect(seen?.headers['idempotency-key']).toBe('k-1');
  });

  it('returns an empty body as undefined', async () => {
    const res = await client.request('DELETE', '/empty');
    expect(res.status).toBe(204);
    expect(res.body).toBeUndefined();
  });

  it('turns a 4xx into UpstreamError carrying the peer status and code', async () => {
    const err = await failureOf(client.request('GET', '/sold-out'));
    expect(err.code).toBe('upstream_rejected');
    expect(err.status).toBe(409);
    expect(err.upstreamStatus).toBe(409);
    expect(err.upstreamCode).toBe('out_of_stock');
    expect(err.message).toBe('orders answered 409 out_of_stock: mug is sold out');
  });

  it('turns a 5xx into a 502 upstream_unavailable carrying the peer status and code', async () => {
    const err = await failureOf(client.request('GET', '/pool'));
    expect(err.code).toBe('upstream_unavailable');
    expect(err.status).toBe(502);
    expect(err.upstreamStatus).toBe(503);
    expect(err.upstreamCode).toBe('pool_exhausted');
    expect(err.message).toContain('no store session free');
  });

  it('copes with a non-JSON error page', async () => {
    const err = await failureOf(client.request('GET', '/html-500'));
    expect([err.code, err.status, err.upstreamStatus, err.upstreamCode]).toEqual(['upstream_unavailable', 502, 500, undefined]);
    expect(err.message).toBe('orders answered 500: <h1>Internal Server Error</h1>');
  });

  it('gives up at the deadline with 504 upstream_timeout', async () => {
    const err = await failureOf(client.request('GET', '/stall', { timeoutMs: 100 }));
    expect(err.code).toBe('upstream_timeout');
    expect(err.status).toBe(504);
    expect(err.upstreamStatus).toBeUndefined();
    expect(err.message).toBe('orders did not answer within 100 ms');
    expect(received.some((r) => r.path === '/stall')).toBe(true);
  });

  it('reports a refused connection as 502 upstream_unreachable', async () => {
    const port = await freePort();
    const nowhere = createHttpClient({ peer: 'orders', baseUrl: `http://127.0.0.1:${port}`, tracing: createTracing({ service: 'storefront', release: 'test' }), timeoutMs: 5000 });
    const err = await failureOf(nowhere.request('GET', '/orders'));
    expect(err.code).toBe('upstream_unreachable');
    expect(err.status).toBe(502);
    expect(err.upstreamStatus).toBeUndefined();
    expect(err.message).toBe('orders unreachable: ECONNREFUSED');
  });

  it("stops when the caller's own signal aborts", async () => {
    const controller = new AbortController();
    const pending = failureOf(client.request('GET', '/stall', { signal: controller.signal }));
    controller.abort();
    const err = await pending;
    // Without the caller's signal the request would run into the 5 s deadline instead.
    expect(err.code).not.toBe('upstream_timeout');
    expect(err.status).toBe(502);
    expect(err.cause).toMatchObject({ name: 'AbortError' });
  });
});
