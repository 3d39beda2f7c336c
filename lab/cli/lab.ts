import { accessSync, constants, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { startChaosTtlSweep } from '../../chaos/runner/ttl-sweep.js';
import type { PodSummary, Runtime } from '../runtime/runtime.js';
import { callControl, serveControl } from '../runtime/local/control.js';
import { portFree } from '../runtime/local/health.js';
import { podAge } from '../runtime/age.js';
import { defaultPorts, fastAlertTimings, labAlertTimings, labPlan, type LabPorts } from '../runtime/local/plan.js';
import { createSupervisor, rssBytes } from '../runtime/local/supervisor.js';
import { ShopRepoError } from '../shop-repo/git.js';
import { shopRepoDir } from '../shop-repo/repo.js';
import { chaosDeps } from './chaos-deps.js';
import { CliError } from './start.js';

export interface LabArgs {
  stateDir: string;
  ports: LabPorts;
  scrapeInterval: string;
  /** The test profile's Alertmanager waits (1 s group wait) instead of the lab's. */
  fastAlerts: boolean;
  coachMode: 'off' | 'warn' | 'enforce';
}

const COACH_MODES = ['off', 'warn', 'enforce'] as const;

/** `--state-dir DIR`, `--port NAME=N` (repeatable), `--scrape-interval 5s`. */
export function parseLabArgs(root: string, argv: readonly string[]): LabArgs {
  const args: LabArgs = { stateDir: join(root, '.firedrill'), ports: { ...defaultPorts }, scrapeInterval: '5s', fastAlerts: false, coachMode: 'warn' };
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (flag === '--fast-alerts') {
      args.fastAlerts = true;
      continue;
    }
    if (flag === '--coach') {
      if (!value || !(COACH_MODES as readonly string[]).includes(value)) throw new CliError(`--coach ${value ?? ''}: expected one of ${COACH_MODES.join(', ')} (how the process coach treats a fix without approval)`);
      args.coachMode = value as LabArgs['coachMode'];
    } else if (flag === '--state-dir' && value) args.stateDir = resolve(value);
    else if (flag === '--scrape-interval' && value && /^\d+(ms|s|m)$/.test(value)) args.scrapeInterval = value;
    else if (flag === '--port' && value) {
      const [name, n] = value.split('=');
      if (!name || !(name in args.ports)) throw new CliError(`--port ${value}: unknown process "${name}"; one of ${Object.keys(args.ports).join(', ')}`);
      const port = Number(n);
      if (!Number.isInteger(port) || port < 1 || port > 65535) throw new CliError(`--port ${value}: expected ${name}=<1-65535>`);
      args.ports[name as keyof LabPorts] = port;
    } else throw new CliError(`lab: unexpected argument "${flag}"; run \`npx firedrill lab --help\``);
    i += 1;
  }
  return args;
}

export const paths = (stateDir: string) => ({ dir: join(stateDir, 'lab'), state: join(stateDir, 'lab', 'state.json'), socket: join(stateDir, 'lab', 'control.sock'), logs: join(stateDir, 'logs') });

/** A process that exists and is not a zombie (an exited child its parent has not reaped yet). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

function onPath(bin: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, bin), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** Debian installs Alertmanager as prometheus-alertmanager; upstream and Homebrew as alertmanager. */
function alertmanagerCommand(): string | undefined {
  return ['prometheus-alertmanager', 'alertmanager'].find(onPath);
}

/** Checks what the lab needs before touching anything: nothing is started when one is missing. */
async function preflight(root: string, args: LabArgs): Promise<void> {
  const problems: string[] = [];
  for (const bin of ['redis-server', 'prometheus']) {
    if (!onPath(bin)) problems.push(`${bin} is not installed: run \`make deps-lab\` (apt-get install ${bin === 'prometheus' ? 'prometheus' : 'redis-server'})`);
  }
  if (!alertmanagerCommand()) problems.push('alertmanager is not installed: run `make deps-lab` (apt-get install prometheus-alertmanager)');
  if (!existsSync(join(root, 'dist', 'services', 'orders', 'main.js'))) problems.push('the services are not built: run `make build`');
  const running = readState(args.stateDir);
  if (running && alive(running.pid)) problems.push(`a lab is already running (pid ${running.pid}); stop it with \`make lab-stop\``);
  for (const [name, port] of Object.entries(args.ports)) {
    if (!(await portFree(port))) problems.push(`port ${port} (${name}) is in use: stop what listens there, or start the lab with --port ${name}=<free port>`);
  }
  if (problems.length > 0) throw new CliError(`the lab cannot start:\n  - ${problems.join('\n  - ')}`);
}

export interface LabState {
  pid: number;
  startedAt: string;
  socket: string;
  ports: LabPorts;
}

export function readState(stateDir: string): LabState | undefined {
  try {
    return JSON.parse(readFileSync(paths(stateDir).state, 'utf8')) as LabState;
  } catch {
    return undefined;
  }
}

/** The Slack (and optional wording model) settings a user exported, handed to the bot alone. */
function slackEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const keys = ['SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_API_URL', 'LLM_API_KEY', 'BOT_MODE', 'BOT_LLM_URL', 'BOT_LLM_MODEL'];
  return Object.fromEntries(keys.flatMap((k) => (env[k] ? [[k, env[k]]] : [])));
}

/** `firedrill lab`: preflight, start everything health-gated with progress, print the URLs, run until stopped. */
export async function runLab(proc: NodeJS.Process, root: string, args: LabArgs): Promise<number> {
  await preflight(root, args);
  const p = paths(args.stateDir);
  mkdirSync(p.dir, { recursive: true });
  const out = (line: string) => proc.stdout.write(`${line}\n`);
  out(`firedrill lab: preparing the shop repository in ${shopRepoDir(args.stateDir)} ...`);
  let plan: ReturnType<typeof labPlan>;
  try {
    plan = labPlan({
      root, stateDir: args.stateDir, ports: args.ports, scrapeInterval: args.scrapeInterval,
      alertTimings: args.fastAlerts ? fastAlertTimings : labAlertTimings, fastRules: args.fastAlerts, alertmanagerCommand: alertmanagerCommand() ?? 'alertmanager',
      coachMode: args.coachMode, slackEnv: slackEnv(proc.env),
    });
  } catch (err) {
    if (err instanceof ShopRepoError) throw new CliError(err.message);
    throw err;
  }
  const supervisor = createSupervisor({ specs: plan, logDir: p.logs, progress: out });
  let stopping: Promise<void> | undefined;
  const stop = (why: string) => {
    stopping ??= (async () => {
      out(`firedrill lab: ${why}; stopping every process ...`);
      await supervisor.stop();
      control?.close();
      rmSync(p.state, { force: true });
      rmSync(p.socket, { force: true });
      out('firedrill lab: stopped; nothing left running.');
    })();
    return stopping;
  };
  proc.on('SIGINT', () => void stop('Ctrl-C').then(() => proc.exit(0)));
  proc.on('SIGTERM', () => void stop('SIGTERM').then(() => proc.exit(0)));

  let control: Awaited<ReturnType<typeof serveControl>> | undefined;
  try {
    control = await serveControl(supervisor.runtime, p.socket);
    writeFileSync(p.state, JSON.stringify({ pid: proc.pid, startedAt: new Date().toISOString(), socket: p.socket, ports: args.ports } satisfies LabState));
    out(`firedrill lab: starting (logs in ${p.logs})`);
    await supervisor.start();
  } catch (err) {
    proc.stderr.write(`firedrill lab: ${(err as Error).message}\n`);
    await stop('start-up failed');
    return 1;
  }
  const u = (port: number) => `http://127.0.0.1:${port}`;
  out(`
lab ready
  storefront   ${u(args.ports.storefront)}/
  prometheus   ${u(args.ports.prometheus)}/targets
  orders API   ${u(args.ports.orders)}/products
  partners     ${u(args.ports.partners)}/ground-truth
  seating      ${u(args.ports.seating)}/events
  traffic      ${u(args.ports.traffic)}/metrics
  alerts       ${u(args.ports.alertmanager)}/#/alerts
  pager        ${u(args.ports.pager)}/incidents
  slack page   ${u(args.ports.workspace)}/   (the local Slack workspace; credentials in ${join(args.stateDir, 'workspace', 'credentials.json')})
  coworkers    ${slackEnv(proc.env).SLACK_BOT_TOKEN ? 'in your Slack workspace (SLACK_BOT_TOKEN)' : 'in the slack page'}; process coach: ${args.coachMode}; \`/drill help\` there
  desk (MCP)   ${u(args.ports.desk)}/mcp   (\`npx firedrill mcp\` for stdio; \`npx firedrill tools\` lists the tools)
  shop repo    ${shopRepoDir(args.stateDir)}  (\`npx firedrill deploy <service>\` ships its HEAD)

Next: open the storefront and the slack page; \`npx firedrill lab status\` lists the processes; Ctrl-C or
\`make lab-stop\` stops everything.`);
  sweepExpiredChaos(args, supervisor.runtime, out);
  await new Promise<never>(() => undefined);
  return 0;
}

/** The lab undoes expired chaos changes itself (chaos/runner/ttl-sweep.ts). */
function sweepExpiredChaos(args: LabArgs, runtime: Runtime, out: (line: string) => void): void {
  const deps = chaosDeps(args.stateDir, args.ports, runtime);
  startChaosTtlSweep({ stateDir: args.stateDir, deps: () => deps, intervalMs: CHAOS_SWEEP_MS, out: (line) => out(`firedrill lab: ${line}`) });
}

/** How often the lab looks for expired chaos changes. */
const CHAOS_SWEEP_MS = 5000;

function formatBytes(n: number | undefined): string {
  return n === undefined ? '-' : `${Math.round(n / 1024 / 1024)}Mi`;
}

const age = (startedAt: string | undefined) => podAge(startedAt) ?? '-';

/** `firedrill lab status`: one line per process from the running supervisor. */
export async function labStatus(proc: NodeJS.Process, stateDir: string): Promise<number> {
  const state = readState(stateDir);
  if (!state || !alive(state.pid)) {
    proc.stdout.write('no lab is running (start one with `make lab`)\n');
    return 1;
  }
  const { body: pods } = await callControl<PodSummary[]>(state.socket, 'GET', '/pods');
  const rows = pods.map((p) => [p.name, p.status + (p.ready ? '' : ' (not ready)'), String(p.pid ?? '-'), String(p.port ?? '-'), String(p.restarts), age(p.startedAt), formatBytes(rssBytes(p.pid))]);
  const header = ['NAME', 'STATE', 'PID', 'PORT', 'RESTARTS', 'UPTIME', 'RSS'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  for (const r of [header, ...rows]) proc.stdout.write(`${r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ')}\n`);
  proc.stdout.write(`supervisor pid ${state.pid}, up ${age(state.startedAt)}\n`);
  return 0;
}

/** `firedrill lab stop`: asks the supervisor to stop and waits until it and every process it ran are gone. */
export async function labStop(proc: NodeJS.Process, stateDir: string): Promise<number> {
  const state = readState(stateDir);
  if (!state || !alive(state.pid)) {
    proc.stdout.write('no lab is running\n');
    return 0;
  }
  const { body: pods } = await callControl<PodSummary[]>(state.socket, 'GET', '/pods').catch(() => ({ body: [] as PodSummary[] }));
  const pids = [state.pid, ...pods.flatMap((p) => (p.pid ? [p.pid] : []))];
  process.kill(state.pid, 'SIGTERM');
  proc.stdout.write(`stopping the lab (pid ${state.pid}) ...\n`);
  const deadline = Date.now() + 60_000;
  while (pids.some(alive) && Date.now() < deadline) await delay(200);
  const left = pids.filter(alive);
  if (left.length > 0) {
    for (const pid of left) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone meanwhile
      }
    }
    proc.stdout.write(`killed processes that did not stop in time: ${left.join(', ')}\n`);
  }
  proc.stdout.write('lab stopped\n');
  return 0;
}
