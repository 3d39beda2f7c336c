import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { deployables } from '../../lab/deployables.js';
import { until } from '../support/poll.js';
import { isAlive, killAll, root, spawnLogged } from '../support/processes.js';
import { freshRedisUrl } from '../support/redis.js';

const bin = join(root, 'bin', 'firedrill.js');

afterAll(() => {
  expect(killAll(), 'processes still running at teardown').toEqual([]);
});

describe('the firedrill CLI', () => {
  it('`npx firedrill --help` answers with the commands and the deployables', () => {
    const run = spawnSync('npx', ['--no-install', 'firedrill', '--help'], { cwd: root, encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Usage:');
    expect(run.stdout).toMatch(/start <service>/);
    expect(run.stdout).toMatch(/storefront\s+:8080/);
    expect(run.stdout).toMatch(/orders\s+:8081/);
  });

  it('names the fix for an unknown command or service', () => {
    const unknown = spawnSync(process.execPath, [bin, 'frobnicate'], { cwd: root, encoding: 'utf8' });
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command "frobnicate"; run `npx firedrill --help`/);
    const service = spawnSync(process.execPath, [bin, 'start', 'payments'], { cwd: root, encoding: 'utf8' });
    expect(service.status).toBe(2);
    expect(service.stderr).toContain(`unknown service "payments"; one of ${deployables.map((d) => d.name).join(', ')}`);
    expect(service.stderr).toContain('workspace');
  });

  it('says where it looked for the desk and how to start it when none answers', () => {
    const tools = spawnSync(process.execPath, [bin, 'tools', '--desk', 'http://127.0.0.1:9'], { cwd: root, encoding: 'utf8' });
    expect(tools.status).toBe(2);
    expect(tools.stderr).toContain('the desk at http://127.0.0.1:9 is not answering');
    expect(tools.stderr).toContain('make lab');
    const badJson = spawnSync(process.execPath, [bin, 'tool', 'prometheus_query', '--json', '{query:up}', '--desk', 'http://127.0.0.1:9'], { cwd: root, encoding: 'utf8' });
    expect(badJson.status).toBe(2);
    expect(badJson.stderr).toContain('--json is not valid JSON');
  });

  it('`firedrill start orders` runs orders with the seed config in the foreground; SIGINT stops both', async () => {
    const cli = spawnLogged('cli-orders', process.execPath, [bin, 'start', 'orders'], {
      PATH: process.env.PATH ?? '',
      ORDERS_PORT: '0',
      ORDERS_REDIS_URL: await freshRedisUrl(),
    });
    const listening = await until('orders to listen', () => cli.logs.find((l) => l.msg === 'listening'), { timeoutMs: 20_000 });
    expect(listening.deployConfig).toBe(join(root, 'lab', 'shop-seed', 'config', 'orders.yaml'));
    const health = await fetch(`http://127.0.0.1:${String(listening.port)}/healthz`);
    expect(health.status).toBe(200);
    const childPid = Number(listening.pid);
    expect(isAlive(childPid)).toBe(true);

    cli.child.kill('SIGINT');
    expect(await cli.exited).toBe(0);
    await until('the orders child to exit', () => !isAlive(childPid));
    expect(cli.logs.map((l) => l.msg)).toContain('stopped');
  });
});
