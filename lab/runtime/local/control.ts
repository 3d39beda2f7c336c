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
      if (req.method === 'GET' && resource === 'events') return send(200, await runtime.events({ ...(url.searchParams.get('deployable') ? { deployable: url.searchParams.get('deployable') ?? '' } : {}) }));
      if (req.method === 'GET' && resource === 'logs' && name) {
        const tail = url.searchParams.get('tail');
        const since = url.searchParams.get('since');
        return send(200, await runtime.logs(decodeURIComponent(name), { ...(tail ? { tail: Number(tail) } : {}), ...(since ? { since } : {}) }));
      }
      if (req.method === 'POST' && resource === 'restart' && name) return send(200, await runtime.restart(decodeURIComponent(name)));
      if (req.method === 'POST' && resource === 'deploy' && name) {
        const b = body as { file?: unknown; content?: unknown } | undefined;
        if (typeof b?.file !== 'string' || typeof b.content !== 'string') return send(400, { error: { code: 'invalid_request', message: 'body needs file and content strings' } });
        return send(200, await runtime.deploy(decodeURIComponent(name), { file: b.file, content: b.content }));
      }
      return send(404, { error: { code: 'not_found', message: `no route ${req.method} ${url.pathname}` } });
    } catch (err) {
      const code = err instanceof RuntimeError ? err.code : 'internal_error';
      return send(code === 'unknown_deployable' ? 404 : err instanceof RuntimeError ? 409 : 500, { error: { code, message: (err as Error).message } });
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
    const req = request({ socketPath, method, path, headers: { 'content-type': 'application/json' }, timeout: 60_000 }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as T }));
    });
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}
