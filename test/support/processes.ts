import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, createWriteStream, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findDeployable } from '../../lab/deployables.js';
import { repoRoot } from '../../lab/paths.js';
import { until } from './poll.js';

export interface ServiceProcess {
  child: ChildProcess;
  pid: number;
  /** Parsed JSON log lines from stdout, in order. */
  logs: Array<Record<string, unknown>>;
  stderr: () => string;
  port: number;
  url: string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

const live = new Set<ChildProcess>();
export const root = repoRoot();

/** Keeps measured figures beside the process logs, so a failing margin can be read in CI. */
export function recordFigures(figures: Record<string, unknown>): void {
  appendFileSync(join(logDir(), 'cascade-figures.jsonl'), `${JSON.stringify({ at: new Date().toISOString(), ...figures })}\n`);
}

export function logDir(): string {
  const dir = join(root, '.firedrill', 'logs');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * Spawns a command in its own process group, keeping stdout JSON lines and stderr, and
 * copying both to .firedrill/logs/ (CI prints their tails on failure).
 */
export function spawnLogged(name: string, command: string, args: string[], env: NodeJS.ProcessEnv) {
  const child = spawn(command, args, { env, cwd: root, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  child.on('exit', () => live.delete(child));
  const file = createWriteStream(join(logDir(), `test-${name}-${child.pid ?? 'x'}.log`));
  const logs: Array<Record<string, unknown>> = [];
  let err = '';
  let partial = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    file.write(chunk);
    partial += chunk.toString('utf8');
    const lines = partial.split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      if (line.trim() === '') continue;
      try {
        logs.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        logs.push({ unparsed: line });
      }
    }
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    file.write(chunk);
    err += chunk.toString('utf8');
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, logs, stderr: () => err, exited };
}

/** Runs `node dist/<entry>` (the deployable's documented command) and waits for its 'listening' line. */
export async function startService(name: string, env: Record<string, string>): Promise<ServiceProcess> {
  const deployable = findDeployable(name);
  if (!deployable) throw new Error(`no deployable ${name}`);
  const entry = join(root, 'dist', deployable.entry);
  const p = spawnLogged(name, process.execPath, [entry], { PATH: process.env.PATH ?? '', ...env });
  const listening = await until(`${name} to log 'listening'`, () => {
    if (p.child.exitCode !== null) throw new Error(`${name} exited ${p.child.exitCode}: ${p.stderr()}`);
    return p.logs.find((l) => l.msg === 'listening');
  }, { timeoutMs: 20_000 });
  const port = Number(listening.port);
  return {
    child: p.child,
    pid: p.child.pid ?? -1,
    logs: p.logs,
    stderr: p.stderr,
    port,
    url: `http://127.0.0.1:${port}`,
    stop: async (signal = 'SIGTERM') => {
      if (p.child.exitCode !== null || p.child.signalCode !== null) return p.child.exitCode;
      p.child.kill(signal);
      return p.exited;
    },
  };
}

/** Kills every process group this file started; returns the pids that were still alive. */
export function killAll(): number[] {
  const survivors: number[] = [];
  for (const child of live) {
    if (child.pid === undefined) continue;
    survivors.push(child.pid);
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // Already gone between the check and the kill.
    }
  }
  live.clear();
  return survivors;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Every live process whose command line or environment mentions `text` (a lab's state
 * dir): how a test proves a lab left no orphan, whoever its parent was.
 */
export function pidsMentioning(text: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (/^\d+ \(.*\) Z/.test(stat)) continue;
      const seen = readFileSync(`/proc/${entry}/cmdline`, 'utf8') + readFileSync(`/proc/${entry}/environ`, 'utf8');
      if (seen.includes(text)) found.push(Number(entry));
    } catch {
      // gone, or not ours to read
    }
  }
  return found;
}
