import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { PodSummary } from '../../lab/runtime/runtime.js';
import { callControl } from '../../lab/runtime/local/control.js';
import { alive, readState } from '../../lab/cli/lab.js';
import { defaultPorts, type LabPorts } from '../../lab/runtime/local/plan.js';
import { freePort } from '../../lab/runtime/local/health.js';
import { grace, until } from '../poll.js';
import { descendants } from './footprint.js';

export interface BenchLab {
  stateDir: string;
  ports: LabPorts;
  /** From spawning `make lab` to "lab ready" on its output. */
  readyMs: number;
  supervisorPid: number;
  url(name: keyof LabPorts): string;
  /** The lab's names for its pids, for the footprint breakdown. */
  podNames(): Promise<Map<number, string>>;
  output(): string;
  /** Ctrl-C, as a user stops it; then makes sure nothing of it is left. */
  stop(): Promise<{ survivors: number[] }>;
}

/**
 * Starts the lab exactly as a user does, `make lab`, with its own state dir and free ports
 * (LAB_ARGS), so a lab the user is running is never touched. Timed to "lab ready".
 */
export async function startBenchLab(root: string, stateDir: string, progress: (line: string) => void): Promise<BenchLab> {
  const ports: LabPorts = { ...defaultPorts };
  for (const name of Object.keys(ports) as Array<keyof LabPorts>) ports[name] = await freePort();
  const labArgs = ['--state-dir', stateDir, ...Object.entries(ports).flatMap(([n, p]) => ['--port', `${n}=${p}`])].join(' ');
  mkdirSync(stateDir, { recursive: true });
  const log = createWriteStream(join(stateDir, 'make-lab.log'));
  const started = Date.now();
  // Its own process group, so Ctrl-C reaches make and the lab together, as in a terminal.
  const child: ChildProcess = spawn('make', ['--no-print-directory', 'lab', `LAB_ARGS=${labArgs}`], { cwd: root, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (c: Buffer) => {
    out += c.toString();
    log.write(c);
  });
  child.stderr?.on('data', (c: Buffer) => log.write(c));
  progress(`make lab (state in ${stateDir}) ...`);
  try {
    await until('"lab ready" from make lab', () => {
      if (child.exitCode !== null) throw new Error(`make lab exited ${child.exitCode}; its output is in ${join(stateDir, 'make-lab.log')}`);
      return out.includes('lab ready');
    }, { timeoutMs: 180_000, everyMs: 50 });
  } catch (err) {
    await stopGroup(child, []);
    throw err;
  }
  const readyMs = Date.now() - started;
  const state = readState(stateDir);
  if (!state) throw new Error(`the lab said ready but wrote no ${join(stateDir, 'lab', 'state.json')}`);
  const podNames = async () => {
    const { body } = await callControl<PodSummary[]>(state.socket, 'GET', '/pods');
    return new Map(body.flatMap((p) => (p.pid ? [[p.pid, p.deployable] as const] : [])));
  };
  return {
    stateDir, ports, readyMs, supervisorPid: state.pid,
    url: (name) => `http://127.0.0.1:${ports[name]}`,
    podNames,
    output: () => out,
    stop: async () => stopGroup(child, descendants(state.pid)),
  };
}

async function stopGroup(child: ChildProcess, pids: number[]): Promise<{ survivors: number[] }> {
  if (child.exitCode === null && child.pid) {
    const exited = once(child, 'exit');
    process.kill(-child.pid, 'SIGINT');
    await Promise.race([exited, grace(60_000)]);
  }
  const survivors = pids.filter(alive);
  for (const pid of survivors) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // ended meanwhile
    }
  }
  return { survivors };
}
