import { request as httpRequest, Agent } from 'node:http';
import { connect } from 'node:net';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { testBase } from '../../test/support/apps.js';
import type { LogRecord } from '../../test/support/logs.js';
import { until } from '../../test/support/poll.js';
import { createServiceApp } from './http-app.js';
import { startServer, type RunningServer } from './server.js';
import type { ServiceBase } from './service-base.js';

interface Reply {
  status: number;
  connection: string | undefined;
  body: string;
}

/** One GET on its own connection (or the given agent's), resolving with status and body. */
function get(url: string, agent: Agent | false = false): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** A promise the test resolves by hand, so a route stays in flight exactly as long as needed. */
function gate(): { promise: Promise<void>; open(): void } {
  let open = (): void => undefined;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

const servers: RunningServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.server.closeAllConnections();
    await s.close();
  }
});

async function start(shutdownTimeoutMs: number, events: string[] = []): Promise<{ server: RunningServer; base: ServiceBase; logs: LogRecord[]; slow: ReturnType<typeof gate>; entered: () => number }> {
  const { base, logs } = testBase('slowpoke');
  const slow = gate();
  let inSlow = 0;
  const app = createServiceApp(
    { base },
    (a) => {
      a.get('/slow', async (_req, res) => {
        inSlow += 1;
        await slow.promise;
        res.json({ done: true });
        events.push('responded');
      });
      a.get('/stream', async (_req, res) => {
        inSlow += 1;
        res.status(200).type('text/plain').write('first ');
        await slow.promise;
        res.end('last');
      });
      a.get('/fast', (_req, res) => {
        res.json({ done: true });
      });
    },
  );
  const server = await startServer(app, { port: 0, host: '127.0.0.1', log: base.log, lifecycle: base.lifecycle, shutdownTimeoutMs });
  servers.push(server);
  return { server, base, logs, slow, entered: () => inSlow };
}

describe('startServer', () => {
  it('binds port 0 to a real port and reports its URL', async () => {
    const { server } = await start(5000);
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    expect(await get(`${server.url}/fast`)).toMatchObject({ status: 200, body: '{"done":true}' });
  });

  it('drains on close: the in-flight request completes, readiness flips, then new connections are refused', async () => {
    const events: string[] = [];
    const { server, base, logs, slow, entered } = await start(60_000, events);
    // A keep-alive caller, like fetch: its connection must not hold close() open after the reply.
    const agent = new Agent({ keepAlive: true });
    onTestFinished(() => agent.destroy());
    const inFlight = get(`${server.url}/slow`, agent);
    await until('the slow request to reach its handler', () => entered() === 1);

    const closed = server.close().then(() => events.push('closed'));
    expect(base.lifecycle.draining).toBe(true);
    expect(server.server.listening).toBe(false);
    // One turn of the event loop: room for a close() that wrongly resolves with work in flight.
    await new Promise((resolve) => setImmediate(resolve));

    events.push('released');
    slow.open();
    const reply = await inFlight;
    // Told to hang up, so the caller's idle keep-alive socket cannot hold close() open.
    expect(reply).toEqual({ status: 200, connection: 'close', body: '{"done":true}' });
    await closed;
    expect(events).toEqual(['released', 'responded', 'closed']);
    expect(logs.find((r) => r.msg.startsWith('shutdown timeout'))).toBeUndefined();

    await expect(get(`${server.url}/fast`)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('lets a reply whose headers were already sent finish, then closes its keep-alive connection', async () => {
    const { server, logs, slow, entered } = await start(60_000);
    // Far beyond the test timeout: close() must end the connection itself, not wait for it to time out.
    server.server.keepAliveTimeout = 120_000;
    const agent = new Agent({ keepAlive: true });
    onTestFinished(() => agent.destroy());
    const streaming = get(`${server.url}/stream`, agent);
    await until('the stream to start', () => entered() === 1);
    const closed = server.close();
    slow.open();
    expect(await streaming).toMatchObject({ status: 200, connection: 'keep-alive', body: 'first last' });
    await closed;
    expect(logs.find((r) => r.msg.startsWith('shutdown timeout'))).toBeUndefined();
  });

  it('does not wait for idle keep-alive connections', async () => {
    const { server, logs } = await start(60_000);
    const agent = new Agent({ keepAlive: true });
    try {
      expect((await get(`${server.url}/fast`, agent)).status).toBe(200);
      expect(Object.values(agent.freeSockets).flat()).toHaveLength(1);
      // With a 60 s shutdown timeout, a close held open by the idle socket would exceed the test timeout.
      await server.close();
      expect(logs.find((r) => r.msg.startsWith('shutdown timeout'))).toBeUndefined();
    } finally {
      agent.destroy();
    }
  });

  it('does not wait for a connection that never sent a request', async () => {
    const { server, logs } = await start(60_000);
    const socket = connect(server.port, '127.0.0.1');
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    // With a 60 s shutdown timeout, a close held open by the silent socket would exceed the test timeout.
    await server.close();
    await closed;
    expect(logs.find((r) => r.msg.startsWith('shutdown timeout'))).toBeUndefined();
  });

  it('closes connections still busy when the shutdown timeout passes', async () => {
    const { server, logs, slow, entered } = await start(50);
    const stuck = get(`${server.url}/slow`);
    await until('the slow request to reach its handler', () => entered() === 1);
    await server.close();
    await expect(stuck).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect(logs.find((r) => r.msg.startsWith('shutdown timeout'))).toMatchObject({ level: 'warn', timeoutMs: 50 });
    slow.open();
  });
});
