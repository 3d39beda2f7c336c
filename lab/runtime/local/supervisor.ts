import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { RuntimeError, type LabEvent, type EventReason, type PodDetail, type PodPhase, type PodSummary, type Runtime } from '../runtime.js';
import { probe } from './health.js';
import { readLogLines } from './logs.js';
import { startOrder, type ProcessSpec } from './spec.js';

export interface SupervisorOptions {
  specs: readonly ProcessSpec[];
  logDir: string;
  /** Progress lines for the person at the terminal. */
  progress: (line: string) => void;
  /** Called after every state change, e.g. to persist `lab status`. */
  onChange?: () => void;
  healthTimeoutMs?: number;
  stopTimeoutMs?: number;
}

interface Managed {
  spec: ProcessSpec;
  child: ChildProcess | undefined;
  pod: string;
  status: PodPhase;
  ready: boolean;
  restarts: number;
  startedAt: Date | undefined;
  lastExit: { code: number | null; signal: string | null; at: string } | undefined;
  recentCrashes: number[];
  exited: Promise<void> | undefined;
  replicas: number;
}

const BACKOFF_MS = [1000, 2000, 4000, 8000, 16000, 30000];
const CRASH_WINDOW_MS = 60_000;

function podName(spec: ProcessSpec): string {
  const config = spec.configFile ? readFileSafe(spec.configFile) : '';
  const hash = createHash('sha256').update(JSON.stringify(spec.args) + config).digest('hex').slice(0, 8);
  return `${spec.name}-${hash}-${randomBytes(3).toString('hex').slice(0, 5)}`;
}

function readFileSafe(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

export function rssBytes(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  const status = readFileSafe(`/proc/${pid}/status`);
  const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
  return kb ? Number(kb) * 1024 : undefined;
}

const SECRET = /TOKEN|SECRET|PASSWORD|KEY/i;

/**
 * Runs the lab's processes: starts them in dependency order, each health-gated; restarts
 * a process that dies with exponential backoff (crash-looping after 3 crashes a minute, as
 * Kubernetes does); records every event; stops everything in reverse order. It is also the
 * local implementation of the Runtime the chaos runner, the desk and the bot use.
 */
export function createSupervisor(opts: SupervisorOptions): { start(): Promise<void>; stop(): Promise<void>; runtime: Runtime; pids(): number[] } {
  mkdirSync(opts.logDir, { recursive: true });
  const ordered = startOrder(opts.specs);
  const managed = new Map<string, Managed>(ordered.map((spec) => [spec.name, {
    spec, child: undefined, pod: podName(spec), status: 'Pending', ready: false, restarts: 0, startedAt: undefined,
    lastExit: undefined, recentCrashes: [], exited: undefined, replicas: 1,
  }]));
  const events: LabEvent[] = [];
  let stopping = false;

  const record = (m: Managed, reason: EventReason, message: string, type: 'Normal' | 'Warning' = 'Normal') => {
    events.push({ at: new Date().toISOString(), deployable: m.spec.name, pod: m.pod, reason, type, message });
    if (events.length > 5000) events.splice(0, events.length - 5000);
    opts.onChange?.();
  };

  const find = (nameOrDeployable: string): Managed => {
    const m = managed.get(nameOrDeployable) ?? [...managed.values()].find((x) => x.pod === nameOrDeployable);
    if (!m) throw new RuntimeError('unknown_deployable', `no pod or deployable "${nameOrDeployable}"; known: ${[...managed.keys()].join(', ')}`);
    return m;
  };

  const launch = (m: Managed) => {
    // A stop that arrives while the lab is starting must not be followed by new processes.
    if (stopping) throw new RuntimeError('stopping', `not starting ${m.spec.name}: the lab is stopping`);
    // The child writes straight into its log file, not through a pipe to us: its logs (and
    // its shutdown) must not depend on the supervisor being alive to read them.
    const fd = openSync(join(opts.logDir, `${m.spec.name}.log`), 'a');
    const child = spawn(m.spec.command, m.spec.args, { env: { PATH: process.env.PATH ?? '', ...m.spec.env }, detached: true, stdio: ['ignore', fd, fd] });
    closeSync(fd);
    m.child = child;
    m.status = 'Running';
    m.ready = false;
    m.startedAt = new Date();
    m.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        m.lastExit = { code, signal, at: new Date().toISOString() };
        m.child = undefined;
        m.ready = false;
        resolve();
        if (stopping || m.status === 'Terminating') {
          m.status = code === 0 || signal === 'SIGTERM' || signal === 'SIGINT' ? 'Succeeded' : 'Failed';
          opts.onChange?.();
          return;
        }
        record(m, 'Exited', `exited with ${signal ? `signal ${signal}` : `code ${code}`}`, 'Warning');
        void restartAfterCrash(m);
      });
    });
    child.once('error', (err) => record(m, 'Exited', `could not start ${m.spec.command}: ${err.message}`, 'Warning'));
    record(m, 'Started', `started ${m.pod} (pid ${child.pid ?? '?'}) on port ${m.spec.port}`);
  };

  const waitHealthy = async (m: Managed, timeoutMs: number): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!m.child) throw new RuntimeError('exited', `${m.spec.name} exited while starting (${describeExit(m)}); see ${join(opts.logDir, `${m.spec.name}.log`)}`);
      if (await probe(m.spec)) {
        m.ready = true;
        record(m, 'Ready', `${m.pod} is ready on port ${m.spec.port}`);
        return;
      }
      await delay(150);
    }
    throw new RuntimeError('unhealthy', `${m.spec.name} did not become healthy within ${timeoutMs} ms; see ${join(opts.logDir, `${m.spec.name}.log`)}`);
  };

  const restartAfterCrash = async (m: Managed) => {
    const now = Date.now();
    m.recentCrashes = [...m.recentCrashes.filter((t) => now - t < CRASH_WINDOW_MS), now];
    const wait = BACKOFF_MS[Math.min(m.recentCrashes.length - 1, BACKOFF_MS.length - 1)] ?? 30_000;
    if (m.recentCrashes.length >= 3) {
      m.status = 'CrashLoopBackOff';
      record(m, 'CrashLoop', `back-off ${wait} ms restarting failed ${m.spec.name} (${m.recentCrashes.length} crashes in a minute)`, 'Warning');
    } else {
      m.status = 'Pending';
      record(m, 'BackOff', `restarting ${m.spec.name} in ${wait} ms`, 'Warning');
    }
    await delay(wait);
    if (stopping) return;
    m.restarts += 1;
    m.pod = podName(m.spec);
    launch(m);
    record(m, 'Restarted', `restarted as ${m.pod} (restart ${m.restarts})`, 'Warning');
    await waitHealthy(m, opts.healthTimeoutMs ?? 30_000).catch((err: unknown) => record(m, 'Unhealthy', (err as Error).message, 'Warning'));
  };

  const terminate = async (m: Managed) => {
    const child = m.child;
    if (!child?.pid) return;
    m.status = 'Terminating';
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      return;
    }
    const timeout = delay(opts.stopTimeoutMs ?? 15_000).then(() => 'timeout' as const);
    if ((await Promise.race([m.exited, timeout])) === 'timeout') {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // gone meanwhile
      }
      await m.exited;
    }
    record(m, 'Stopped', `stopped ${m.pod}`);
  };

  const summary = (m: Managed): PodSummary => ({
    name: m.pod, deployable: m.spec.name, status: m.status, ready: m.ready, restarts: m.restarts,
    startedAt: m.startedAt?.toISOString(), pid: m.child?.pid, port: m.spec.port, replicas: m.replicas,
  });

  const roll = async (m: Managed): Promise<PodSummary> => {
    // A deployable scaled to zero takes the new config at its next scale-up.
    if (m.replicas === 0) return summary(m);
    await terminate(m);
    m.pod = podName(m.spec);
    m.restarts += 1;
    launch(m);
    await waitHealthy(m, opts.healthTimeoutMs ?? 30_000);
    return summary(m);
  };

  const runtime: Runtime = {
    listPods: async () => [...managed.values()].map(summary),
    describePod: async (name) => {
      const m = find(name);
      const env = Object.fromEntries(Object.entries(m.spec.env).map(([k, v]) => [k, SECRET.test(k) ? '***' : v]));
      return {
        ...summary(m), command: [m.spec.command, ...m.spec.args], env, configFile: m.spec.configFile, lastExit: m.lastExit,
        rssBytes: rssBytes(m.child?.pid), events: events.filter((e) => e.deployable === m.spec.name).slice(-50),
      } satisfies PodDetail;
    },
    events: async (filter = {}) => events.filter((e) => (!filter.deployable || e.deployable === filter.deployable) && (!filter.since || e.at >= filter.since)),
    logs: async (name, query = {}) => readLogLines(join(opts.logDir, `${find(name).spec.name}.log`), query),
    restart: async (deployable) => {
      const m = find(deployable);
      const pod = await roll(m);
      record(m, 'Restarted', `rollout restart: ${m.pod}`);
      return pod;
    },
    deploy: async (deployable, config) => {
      const m = find(deployable);
      if (!m.spec.configFile) throw new RuntimeError('not_deployable', `${deployable} has no deploy config`);
      writeFileSync(m.spec.configFile, config.content);
      if (config.release && m.spec.releaseEnv) m.spec.env[m.spec.releaseEnv] = config.release;
      record(m, 'ConfigApplied', `applied ${config.file} to ${deployable}`);
      const pod = await roll(m);
      record(m, 'Deployed', `deployed ${deployable}${config.release ? ` ${config.release}` : ''} as ${m.pod}`);
      return pod;
    },
    scale: async (deployable, replicas) => {
      const m = find(deployable);
      if (replicas !== 0 && replicas !== 1) throw new RuntimeError('invalid_replicas', `replicas must be 0 or 1 in the local lab (got ${replicas})`);
      if (replicas === m.replicas) return summary(m);
      if (replicas === 0) {
        m.replicas = 0;
        await terminate(m);
        m.status = 'Succeeded';
        record(m, 'Scaled', `scaled ${deployable} to 0 replicas`);
        return summary(m);
      }
      m.replicas = 1;
      m.pod = podName(m.spec);
      launch(m);
      record(m, 'Scaled', `scaled ${deployable} to 1 replica: ${m.pod}`);
      await waitHealthy(m, opts.healthTimeoutMs ?? 30_000);
      return summary(m);
    },
  };

  return {
    runtime,
    pids: () => [...managed.values()].flatMap((m) => (m.child?.pid ? [m.child.pid] : [])),
    async start() {
      let i = 0;
      for (const m of managed.values()) {
        i += 1;
        opts.progress(`[${i}/${managed.size}] starting ${m.spec.name} on :${m.spec.port} ...`);
        launch(m);
        await waitHealthy(m, opts.healthTimeoutMs ?? 30_000);
        opts.progress(`[${i}/${managed.size}] ${m.spec.name} ready`);
      }
    },
    async stop() {
      stopping = true;
      for (const m of [...managed.values()].reverse()) await terminate(m);
    },
  };
}

function describeExit(m: Managed): string {
  if (!m.lastExit) return 'no exit status';
  return m.lastExit.signal ? `signal ${m.lastExit.signal}` : `code ${m.lastExit.code}`;
}
