import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { z } from 'zod';

export interface LoadRequest {
  url: string;
  method: 'GET' | 'POST';
  /** Sent as JSON with content-type application/json. */
  body?: unknown;
  headers?: Record<string, string>;
  connections: number;
  durationSec: number;
}

export interface LoadResult {
  reqPerSec: number;
  p99Ms: number;
  requests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
}

// Only the fields the bench reads from `autocannon --json`.
const autocannonJson = z.object({
  requests: z.object({ average: z.number(), total: z.number() }),
  latency: z.object({ p99: z.number() }),
  non2xx: z.number(),
  errors: z.number(),
  timeouts: z.number(),
  statusCodeStats: z.record(z.string(), z.object({ count: z.number() })).default({}),
});

/**
 * One autocannon run as a child process, so the load generator never shares the bench's
 * (or a measured service's) event loop. Resolves with its figures; rejects when it fails.
 */
export function runLoad(root: string, req: LoadRequest): Promise<LoadResult> {
  const args = [join(root, 'node_modules', 'autocannon', 'autocannon.js'), '--json', '--no-progress',
    '-c', String(req.connections), '-d', String(req.durationSec), '-m', req.method];
  for (const [k, v] of Object.entries(req.headers ?? {})) args.push('-H', `${k}=${v}`);
  if (req.body !== undefined) args.push('-H', 'content-type=application/json', '-b', JSON.stringify(req.body));
  args.push(req.url);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`autocannon exited ${code}: ${err.trim().slice(-500)}`));
      try {
        const r = autocannonJson.parse(JSON.parse(out.slice(out.indexOf('{'))));
        resolve({
          reqPerSec: r.requests.average, p99Ms: r.latency.p99, requests: r.requests.total,
          non2xx: r.non2xx, errors: r.errors, timeouts: r.timeouts,
          statusCodes: Object.fromEntries(Object.entries(r.statusCodeStats).map(([s, v]) => [s, v.count])),
        });
      } catch (e) {
        reject(new Error(`autocannon --json output not understood: ${(e as Error).message}`));
      }
    });
  });
}

/** Why a run does not count, or undefined when every response was 2xx. */
export function loadFailure(r: LoadResult): string | undefined {
  if (r.requests === 0) return 'no responses';
  if (r.non2xx === 0 && r.errors === 0 && r.timeouts === 0) return undefined;
  const codes = Object.entries(r.statusCodes).map(([s, n]) => `${n}×${s}`).join(', ');
  return `${r.non2xx} non-2xx (${codes}), ${r.errors} errors, ${r.timeouts} timeouts of ${r.requests}`;
}
