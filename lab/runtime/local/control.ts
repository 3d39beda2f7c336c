import { createServer, request, type Server } from 'node:http';
import { existsSync, unlinkSync } from 'node:fs';
import { RuntimeError, type Runtime } from '../runtime.js';

/**
 * The supervisor's Runtime served as JSON over HTTP on a unix socket, so `lab status`,
 * the chaos runner and the desk (other processes) can use it. Only this user can reach it.
 */
export function serveControl(runtime: Runtime, socketPath: string): Promise<Server> {
  if (existsSync(socketPath)) unlinkSync(socketPath);
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://lab');
    const [, resource, name] = url.pathname.split('/');
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    try {
      const body = req.method === 'POST' ? await readJson(req) : undefined;
      if (req.method === 'GET' && resource === 'pods' && !name) return send(200, await runtime.listPods());
      if (req.method === 'GET' && resource === 'pods' && name) return send(200, await runtime.describePod(decodeURIComponent(name)));
      if (req.method === 'GET' && resource === 'events') {
        const deployable = url.searchParams.get('deployable');
        const since = url.searchParams.get('since');
        return send(200, await runtime.events({ ...(deployable ? { deployable } : {}), ...(since ? { since } : {}) }));
      }
      if (req.method === 'GET' && resource === 'logs' && name) {
        const tail = url.searchParams.get('tail');
        const since = url.searchParams.get('since');
        return send(200, await runtime.logs(decodeURIComponent(name), { ...(tail ? { tail: Number(tail) } : {}), ...(since ? { since } : {}) }));
      }
      if (req.method === 'POST' && resource === 'restart' && name) return send(200, await runtime.restart(decodeURIComponent(name)));
      if (req.method === 'POST' && resource === 'deploy' && name) {
        const b = body as { file?: unknown; content?: unknown; release?: unknown } | undefined;
        if (typeof b?.file !== 'string' || typeof b.content !== 'string') return send(400, { error: { code: 'invalid_request', message: 'body needs file and content strings' } });
        if (b.release !== undefined && typeof b.release !== 'string') return send(400, { error: { code: 'invalid_request', message: 'release must be a string' } });
        return send(200, await runtime.deploy(decodeURIComponent(name), { file: b.file, content: b.content, ...(b.release ? { release: b.release } : {}) }));
      }
      if (req.method === 'POST' && resource === 'scale' && name) {
        const replicas = (body as { replicas?: unknown } | undefined)?.replicas;
        if (typeof replicas !== 'number') return send(400, { error: { code: 'invalid_request', message: 'body needs replicas: 0 or 1' } });
        return send(200, await runtime.scale(decodeURIComponent(name), replicas));
      }
      return send(404, { error: { code: 'not_found', message: `no route ${req.method} ${url.pathname}` } });
    } catch (err) {
      const code = err instanceof RuntimeError ? err.code : 'internal_error';
      return send(code === 'unknown_deployable' ? 404 : code === 'invalid_replicas' ? 400 : err instanceof RuntimeError ? 409 : 500, { error: { code, message: (err as Error).message } });
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => resolve(server));
  });
}

function readJson(req: import('node:http').IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (text += c));
    req.on('end', () => {
      try {
        resolve(text === '' ? undefined : JSON.parse(text));
      } catch (err) {
        reject(err);
      }
    });
    req.on('error', reject);
  });
}

/** A client for the control socket: one JSON call. */
export function callControl<T>(socketPath: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; body: T }> {
  return new Promise((resolve, reject) => {
    // A fresh connection per call: Node 20's global agent keeps sockets alive, and reusing one the
    // server is just closing (its 5 s keep-alive timeout) fails the write with EPIPE.
    const req = request({ socketPath, method, path, agent: false, headers: { 'content-type': 'application/json' }, timeout: 60_000 }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as T }));
    });
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

/**
 * The Runtime of a lab running in another process, through its control socket: what
 * `firedrill deploy`, the chaos runner and the desk use. Errors come back as RuntimeErrors.
 */
export function controlRuntime(socketPath: string): Runtime {
  const call = async <T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> => {
    const res = await callControl<T | { error: { code: string; message: string } }>(socketPath, method, path, body).catch((err: unknown) => {
      throw new RuntimeError('no_lab', `cannot reach the lab at ${socketPath} (${(err as Error).message}); is it running? start it with \`make lab\``);
    });
    if (res.status >= 400) {
      const e = (res.body as { error?: { code: string; message: string } }).error;
      throw new RuntimeError(e?.code ?? 'internal_error', e?.message ?? `lab answered ${res.status}`);
    }
    return res.body as T;
  };
  const q = (name: string) => encodeURIComponent(name);
  return {
    listPods: () => call('GET', '/pods'),
    describePod: (name) => call('GET', `/pods/${q(name)}`),
    events: (filter = {}) => call('GET', `/events?${new URLSearchParams({ ...(filter.deployable ? { deployable: filter.deployable } : {}), ...(filter.since ? { since: filter.since } : {}) }).toString()}`),
    logs: (name, query = {}) => call('GET', `/logs/${q(name)}?${new URLSearchParams({ ...(query.tail ? { tail: String(query.tail) } : {}), ...(query.since ? { since: String(query.since) } : {}) }).toString()}`),
    restart: (name) => call('POST', `/restart/${q(name)}`),
    deploy: (name, config) => call('POST', `/deploy/${q(name)}`, config),
    scale: (name, replicas) => call('POST', `/scale/${q(name)}`, { replicas }),
  };
}
