import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import type { TestProject } from 'vitest/node';
import { until } from '../support/poll.js';
import { freePort } from '../support/ports.js';

declare module 'vitest' {
  export interface ProvidedContext {
    redisUrl: string;
  }
}

let server: ChildProcess | undefined;
let dir: string | undefined;

/**
 * One real redis-server per test project, on a free port, with no persistence. Each test
 * file takes its own database number (test/support/redis.ts), so files never share keys.
 */
export async function setup(project: TestProject): Promise<void> {
  if (spawnSync('redis-server', ['--version']).error) {
    throw new Error('redis-server is not installed: run `make test` (it installs it) or `sudo apt-get install redis-server`');
  }
  const port = await freePort();
  dir = mkdtempSync(join(tmpdir(), 'firedrill-test-redis-'));
  server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--databases', '1024', '--dir', dir], {
    stdio: 'ignore',
  });
  const url = `redis://127.0.0.1:${port}`;
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  probe.on('error', () => undefined);
  await until('test redis to answer PING', async () => {
    if (probe.status !== 'ready') await probe.connect().catch(() => undefined);
    return (await probe.ping()) === 'PONG';
  }, { timeoutMs: 10_000 });
  probe.disconnect();
  project.provide('redisUrl', url);
}

export async function teardown(): Promise<void> {
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server?.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
}
