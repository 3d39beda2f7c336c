import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';

export interface LoadRun {
  latencies: number[];
  errors: number;
  /** The first failure, so an erroring family says why. */
  firstError?: string;
  seconds: number;
}

/**
 * `callers` loops, each issuing `call` back to back until `durationMs` is up: a closed
 * system, so the rate is whatever the server sustains.
 */
export function closedLoop(callers: number, durationMs: number, call: () => Promise<void>): Promise<LoadRun> {
  return runCallers(callers, durationMs, call, 0);
}

/**
 * `callers` loops, each issuing `call`, then thinking for a random 0.5-1.5 × `thinkMs`, until
 * `durationMs` is up: 20 agents working an incident at once, each reading an answer before its
 * next call, rather than a load test hammering the desk back to back.
 */
export function pacedLoop(callers: number, durationMs: number, thinkMs: number, call: () => Promise<void>): Promise<LoadRun> {
  return runCallers(callers, durationMs, call, thinkMs);
}

async function runCallers(callers: number, durationMs: number, call: () => Promise<void>, thinkMs: number): Promise<LoadRun> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const pause = (ms: number) => (ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve());
  const start = performance.now();
  const end = start + durationMs;
  await Promise.all(Array.from({ length: callers }, async (_, i) => {
    // Staggered starts when pacing, so the callers do not arrive in lockstep.
    await pause((thinkMs * i) / callers);
    while (performance.now() < end) {
      const t = performance.now();
      try {
        await call();
        latencies.push(performance.now() - t);
      } catch (err) {
        errors += 1;
        firstError ??= (err as Error).message;
      }
      await pause(thinkMs * (0.5 + Math.random()));
    }
  }));
  return { latencies, errors, seconds: (performance.now() - start) / 1000, ...(firstError === undefined ? {} : { firstError }) };
}

/**
 * A keep-alive HTTP client for one origin: one socket per caller, reused, so the figures
 * are the server's time and not TCP setup. Any status but 2xx is an error with its body.
 */
export function createKeepAliveClient(origin: string, sockets: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: sockets });
  const send = (method: 'GET' | 'POST', path: string, body?: string, headers: Record<string, string> = {}) =>
    new Promise<string>((resolve, reject) => {
      const req = request(new URL(path, origin), { method, agent, headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) }) } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) resolve(text);
          else reject(new Error(`${method} ${path} answered ${status}: ${text.slice(0, 300)}`));
        });
        res.on('error', reject);
      });
      req.setTimeout(30_000, () => req.destroy(new Error(`${method} ${path} timed out after 30 s`)));
      req.on('error', reject);
      req.end(body);
    });
  return {
    get: (path: string, headers?: Record<string, string>) => send('GET', path, undefined, headers),
    post: (path: string, body: unknown, headers?: Record<string, string>) => send('POST', path, JSON.stringify(body), headers),
    close: () => agent.destroy(),
  };
}
