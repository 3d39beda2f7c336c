import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import type { ProbeEnv } from '../../chaos/runner/probes.js';
import type { PodSummary } from '../../lab/runtime/runtime.js';
import { callControl } from '../../lab/runtime/local/control.js';
import { until } from './poll.js';
import { freePort } from './ports.js';
import { killAll, pidsMentioning, root, spawnLogged } from './processes.js';

/** Every process of the local lab, by the name `--port` takes. */
export const LAB_PROCESSES = ['storefront', 'orders', 'fulfillment', 'partners', 'seating', 'traffic', 'pager', 'workspace', 'desk', 'bot', 'redis', 'prometheus', 'alertmanager'] as const;
export type LabProcess = (typeof LAB_PROCESSES)[number];
export const cli = join(root, 'dist', 'lab', 'cli', 'main.js');

export interface TestLab {
  stateDir: string;
  ports: Record<LabProcess, number>;
  proc: ReturnType<typeof spawnLogged>;
  output: () => string;
  socket: string;
}

/** A fresh state dir and free ports for every lab process, as `firedrill lab` arguments (test profile). */
export async function labArgs(): Promise<{ stateDir: string; ports: TestLab['ports']; args: string[] }> {
  const stateDir = mkdtempSync(join(tmpdir(), 'fd-lab-'));
  const ports = Object.fromEntries(await Promise.all(LAB_PROCESSES.map(async (n) => [n, await freePort()] as const))) as TestLab['ports'];
  const args = ['--state-dir', stateDir, '--scrape-interval', '1s', '--fast-alerts', ...LAB_PROCESSES.flatMap((n) => ['--port', `${n}=${ports[n]}`])];
  return { stateDir, ports, args };
}

/** Runs `firedrill lab` as a user would, in its own process group, and waits for "lab ready". */
export async function startLab(): Promise<TestLab> {
  const { stateDir, ports, args } = await labArgs();
  const proc = spawnLogged('lab', process.execPath, [cli, 'lab', ...args], { PATH: process.env.PATH ?? '' });
  let out = '';
  proc.child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  const lab: TestLab = { stateDir, ports, proc, output: () => out, socket: join(stateDir, 'lab', 'control.sock') };
  await until('lab ready', () => {
    if (proc.child.exitCode !== null) throw new Error(`lab exited ${proc.child.exitCode}: ${out}\n${proc.stderr()}`);
    return out.includes('lab ready');
  }, { timeoutMs: 120_000, everyMs: 200 });
  return lab;
}

/** Ctrl-C, then checks that no process of the lab survived. */
export async function stopLab(lab: TestLab): Promise<void> {
  if (lab.proc.child.exitCode === null) {
    lab.proc.child.kill('SIGINT');
    await lab.proc.exited;
  }
  expect(killAll(), 'lab processes still running at teardown').toEqual([]);
  expect(pidsMentioning(lab.stateDir), `processes of the lab in ${lab.stateDir} survived`).toEqual([]);
}

/**
 * One lab shared by a test file: started before its first test, stopped (and checked for
 * survivors) after its last. Call at the top level; the returned object is filled in by
 * the time any test runs.
 */
export function useSharedLab(): TestLab {
  const lab = {} as TestLab;
  beforeAll(async () => {
    Object.assign(lab, await startLab());
  }, 180_000);
  afterAll(async () => {
    if (lab.proc) await stopLab(lab);
  }, 60_000);
  return lab;
}

/** The lab as the chaos runner's probes reach it. */
export function probeEnv(lab: TestLab): ProbeEnv {
  return { prometheusUrl: `http://127.0.0.1:${lab.ports.prometheus}`, serviceUrl: (name) => `http://127.0.0.1:${lab.ports[name as LabProcess]}` };
}

export const pods = async (lab: TestLab) => (await callControl<PodSummary[]>(lab.socket, 'GET', '/pods')).body;
export const pod = async (lab: TestLab, deployable: string) => (await pods(lab)).find((p) => p.deployable === deployable);

export async function promValue(lab: TestLab, query: string): Promise<number | undefined> {
  const res = await fetch(`http://127.0.0.1:${lab.ports.prometheus}/api/v1/query?query=${encodeURIComponent(query)}`);
  const body = (await res.json()) as { data: { result: Array<{ value: [number, string] }> } };
  const v = body.data.result[0]?.value[1];
  return v === undefined ? undefined : Number(v);
}

/** The label sets of a Prometheus instant query's result. */
export async function promLabels(lab: TestLab, query: string): Promise<Array<Record<string, string>>> {
  const res = await fetch(`http://127.0.0.1:${lab.ports.prometheus}/api/v1/query?query=${encodeURIComponent(query)}`);
  const body = (await res.json()) as { data: { result: Array<{ metric: Record<string, string> }> } };
  return body.data.result.map((r) => r.metric);
}
