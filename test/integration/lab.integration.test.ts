import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LabEvent, PodDetail, PodSummary } from '../../lab/runtime/runtime.js';
import { callControl } from '../../lab/runtime/local/control.js';
import { cli, LAB_PROCESSES, labArgs as testLabArgs, pods, promValue, startLab as startTestLab, stopLab, type TestLab } from '../support/lab.js';
import { until } from '../support/poll.js';
import { isAlive, pidsMentioning, spawnLogged } from '../support/processes.js';

const NAMES = LAB_PROCESSES;

const labs: TestLab[] = [];
const stateDirs: string[] = [];
afterEach(async () => {
  for (const lab of labs.splice(0)) await stopLab(lab);
  for (const dir of stateDirs.splice(0)) expect(pidsMentioning(dir), `processes of the lab in ${dir} survived`).toEqual([]);
});

async function startLab(): Promise<TestLab> {
  const lab = await startTestLab();
  labs.push(lab);
  return lab;
}

async function labArgs(): ReturnType<typeof testLabArgs> {
  const made = await testLabArgs();
  stateDirs.push(made.stateDir);
  return made;
}

describe('make lab: the whole local lab', () => {
  it('starts every process health-gated, Prometheus scrapes them all, the shop works, and Ctrl-C leaves nothing', async () => {
    const lab = await startLab();
    expect(lab.output()).toMatch(/\[1\/13\] starting redis/);
    expect(lab.output()).toContain(`storefront   http://127.0.0.1:${lab.ports.storefront}/`);

    const all = await pods(lab);
    expect(all.map((p) => p.deployable).sort()).toEqual([...NAMES].sort());
    expect(all.every((p) => p.status === 'Running' && p.ready && p.pid !== undefined)).toBe(true);

    // Ten scrape jobs: the nine deployables and Prometheus itself (Redis exports no metrics).
    await until('every Prometheus target up', async () => (await promValue(lab, 'count(up == 1)')) === 11, { timeoutMs: 60_000, everyMs: 500 });
    const am = (await (await fetch(`http://127.0.0.1:${lab.ports.prometheus}/api/v1/alertmanagers`)).json()) as { data: { activeAlertmanagers: Array<{ url: string }> } };
    expect(am.data.activeAlertmanagers.map((a) => a.url)).toEqual([`http://127.0.0.1:${lab.ports.alertmanager}/api/v2/alerts`]);
    await until('orders created', async () => ((await promValue(lab, 'sum(orders_created_total)')) ?? 0) > 0, { timeoutMs: 60_000, everyMs: 500 });
    await until('batches shipped', async () => ((await promValue(lab, 'sum(partners_shipments_total)')) ?? 0) > 0, { timeoutMs: 60_000, everyMs: 500 });
    await until('shopper sessions completing', async () => ((await promValue(lab, 'sum(traffic_sessions_total{outcome="completed"})')) ?? 0) > 0, { timeoutMs: 60_000, everyMs: 500 });
    await until('a utilisation reading', async () => (await promValue(lab, 'sum(rate(orders_pool_busy_seconds_total[30s])) / max(orders_pool_size)')) !== undefined, { timeoutMs: 60_000, everyMs: 500 });
    expect(await promValue(lab, 'sum(rate(orders_pool_busy_seconds_total[30s])) / max(orders_pool_size)')).toBeLessThanOrEqual(0.5);
    expect((await fetch(`http://127.0.0.1:${lab.ports.storefront}/`)).status).toBe(200);
    const rules = (await (await fetch(`http://127.0.0.1:${lab.ports.prometheus}/api/v1/rules`)).json()) as { data: { groups: Array<{ name: string }> } };
    expect(rules.data.groups.map((g) => g.name).sort()).toEqual(['fulfillment', 'lab', 'orders', 'seating', 'storefront']);

    // The local Slack workspace: its page, and `slack doctor` passing against it from its credentials file.
    expect(lab.output()).toContain(`slack page   http://127.0.0.1:${lab.ports.workspace}/`);
    const page = await fetch(`http://127.0.0.1:${lab.ports.workspace}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const doctor = spawnSync(process.execPath, [cli, 'slack', 'doctor', '--state-dir', lab.stateDir], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
    expect(doctor.stdout).toContain('all checks passed');
    expect(doctor.status).toBe(0);

    // The desk, as a person at a terminal reaches it: its URL printed, its tools listed, a bad call explained.
    const desk = `http://127.0.0.1:${lab.ports.desk}`;
    expect(lab.output()).toContain(`desk (MCP)   ${desk}/mcp`);
    const tools = spawnSync(process.execPath, [cli, 'tools', '--desk', desk], { encoding: 'utf8' });
    expect(tools.status).toBe(0);
    expect(tools.stdout).toMatch(/^prometheus_query\s+Run a PromQL query/m);
    expect(tools.stdout).toMatch(/^deploy_rollback\s+\[changes the lab\]/m);
    const described = spawnSync(process.execPath, [cli, 'tool', 'kubectl_describe_pod', '--json', '{"pod":"orders"}', '--desk', desk], { encoding: 'utf8' });
    expect(described.status).toBe(0);
    expect((JSON.parse(described.stdout) as { pid: number }).pid).toBe(all.find((p) => p.deployable === 'orders')?.pid);
    const wrong = spawnSync(process.execPath, [cli, 'tool', 'kubectl_describe_pod', '--json', '{"pod":"order"}', '--desk', desk], { encoding: 'utf8' });
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain('unknown_pod: pod: no pod "order"');

    const status = spawnSync(process.execPath, [cli, 'lab', 'status', '--state-dir', lab.stateDir], { encoding: 'utf8' });
    expect(status.status).toBe(0);
    for (const p of all) expect(status.stdout).toMatch(new RegExp(`^${p.name}\\s+Running\\s+${p.pid}\\s+${p.port}\\s+0\\s`, 'm'));

    const pids = all.map((p) => p.pid ?? -1);
    lab.proc.child.kill('SIGINT');
    expect(await lab.proc.exited).toBe(0);
    expect(pids.filter(isAlive)).toEqual([]);
    expect(existsSync(join(lab.stateDir, 'lab', 'state.json'))).toBe(false);
  });

  it('restarts a SIGKILLed service and records the exit and the restart; `lab stop` then stops everything', async () => {
    const lab = await startLab();
    const before = (await pods(lab)).find((p) => p.deployable === 'orders');
    expect(before?.pid).toBeDefined();
    process.kill(before?.pid ?? -1, 'SIGKILL');
    const after = await until('orders to be back with a new pid', async () => {
      const p = (await pods(lab)).find((x) => x.deployable === 'orders');
      return p?.ready && p.pid !== before?.pid ? p : undefined;
    }, { timeoutMs: 30_000, everyMs: 200 });
    expect(after.restarts).toBe(1);
    expect(after.name).not.toBe(before?.name);
    const events = (await callControl<LabEvent[]>(lab.socket, 'GET', '/events?deployable=orders')).body.map((e) => `${e.reason}: ${e.message}`);
    expect(events).toEqual(expect.arrayContaining([expect.stringMatching(/^Exited: exited with signal SIGKILL/), expect.stringMatching(/^Restarted: restarted as orders-/)]));

    const described = (await callControl<PodDetail>(lab.socket, 'GET', '/pods/orders')).body;
    expect(described).toMatchObject({ deployable: 'orders', name: after.name, pid: after.pid, restarts: 1, lastExit: { signal: 'SIGKILL' } });
    expect(described.command.join(' ')).toContain('dist/services/orders/main.js');
    expect(described.rssBytes).toBeGreaterThan(0);
    const tail = (await callControl<string[]>(lab.socket, 'GET', '/logs/orders?tail=3')).body;
    expect(tail).toHaveLength(3);
    for (const line of tail) expect(JSON.parse(line)).toMatchObject({ service: 'orders' });

    const storefrontBefore = (await pods(lab)).find((p) => p.deployable === 'storefront');
    const file = join(lab.stateDir, 'deployed', 'storefront.yaml');
    const content = readFileSync(file, 'utf8').replace('resetTimeoutMs: 15000', 'resetTimeoutMs: 20000');
    const deployed = await callControl<PodSummary>(lab.socket, 'POST', '/deploy/storefront', { file: 'config/storefront.yaml', content });
    expect(deployed.status).toBe(200);
    expect(deployed.body.name).not.toBe(storefrontBefore?.name);
    expect(deployed.body.pid).not.toBe(storefrontBefore?.pid);
    expect(readFileSync(file, 'utf8')).toContain('resetTimeoutMs: 20000');
    const storefrontEvents = (await callControl<LabEvent[]>(lab.socket, 'GET', '/events?deployable=storefront')).body.map((e) => e.reason);
    expect(storefrontEvents).toEqual(expect.arrayContaining(['ConfigApplied', 'Stopped', 'Started', 'Ready', 'Deployed']));
    expect((await fetch(`http://127.0.0.1:${lab.ports.storefront}/`)).status).toBe(200);

    const unknown = await callControl<{ error: { code: string; message: string } }>(lab.socket, 'POST', '/restart/payments');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({ code: 'unknown_deployable', message: expect.stringMatching(/no pod or deployable "payments"; known: redis, orders/) });

    const pids = (await pods(lab)).map((p) => p.pid ?? -1);
    // Not spawnSync: this process must stay free to reap the lab when it exits.
    const stop = spawnLogged('lab-stop', process.execPath, [cli, 'lab', 'stop', '--state-dir', lab.stateDir], { PATH: process.env.PATH ?? '' });
    let stopOut = '';
    stop.child.stdout?.on('data', (c: Buffer) => (stopOut += c.toString()));
    expect(await stop.exited).toBe(0);
    expect(stopOut).toContain('lab stopped');
    expect(stopOut).not.toContain('did not stop in time');
    expect(await lab.proc.exited).toBe(0);
    expect([lab.proc.child.pid ?? -1, ...pids].filter(isAlive)).toEqual([]);
  });
});

describe('Ctrl-C while the lab is still starting', () => {
  it('stops what started and starts nothing more', async () => {
    const { stateDir, args } = await labArgs();
    const proc = spawnLogged('lab-early', process.execPath, [cli, 'lab', ...args], { PATH: process.env.PATH ?? '' });
    let out = '';
    proc.child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
    await until('the lab to be part-way up', () => /\[3\/\d+\] starting/.test(out), { timeoutMs: 60_000, everyMs: 20 });
    proc.child.kill('SIGINT');
    await proc.exited;
    expect(out).not.toContain('lab ready');
    expect(out).toContain('nothing left running');
    await until('no process of this lab', () => pidsMentioning(stateDir).length === 0, { timeoutMs: 20_000 });
  });
});

describe('bad input leaves nothing half-started', () => {
  let blocker: Server | undefined;
  afterEach(() => blocker?.close());

  it('a port in use is named with the fix, and nothing starts', async () => {
    const { stateDir, ports, args } = await labArgs();
    blocker = createServer();
    await new Promise<void>((resolve) => blocker?.listen(ports.orders, '127.0.0.1', resolve));
    const run = spawnSync(process.execPath, [cli, 'lab', ...args], { encoding: 'utf8', timeout: 60_000 });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`port ${ports.orders} (orders) is in use`);
    expect(run.stderr).toContain(`--port orders=<free port>`);
    expect(existsSync(join(stateDir, 'logs'))).toBe(false);
  });

  it('a missing binary is named with how to install it', async () => {
    const { stateDir, args } = await labArgs();
    // A PATH with nothing on it: the lab runs node by its absolute path, and finds no redis-server.
    const emptyBin = mkdtempSync(join(tmpdir(), 'fd-empty-bin-'));
    const run = spawnSync(process.execPath, [cli, 'lab', ...args], { encoding: 'utf8', timeout: 60_000, env: { PATH: emptyBin } });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/redis-server is not installed: run `make deps-lab`/);
    expect(existsSync(join(stateDir, 'logs'))).toBe(false);
  });

  it('an unknown deployable is refused by the CLI and by the runtime', async () => {
    const bad = spawnSync(process.execPath, [cli, 'lab', '--port', 'payments=9999'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/unknown process "payments"; one of storefront, orders/);
  });
});
