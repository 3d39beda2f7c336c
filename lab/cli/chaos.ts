import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pino } from 'pino';
import type { ChaosDeps } from '../../chaos/runner/changes.js';
import { ChaosError, inject } from '../../chaos/runner/inject.js';
import { createJournal } from '../../chaos/runner/journal.js';
import type { ProbeEnv } from '../../chaos/runner/probes.js';
import { runRecord } from '../../chaos/runner/record.js';
import { revertPending } from '../../chaos/runner/reset.js';
import { controlRuntime } from '../runtime/local/control.js';
import { RuntimeError } from '../runtime/runtime.js';
import { ShopRepoError } from '../shop-repo/git.js';
import { chaosDeps } from './chaos-deps.js';
import type { ClusterTarget } from './cluster-target.js';
import { alive, readState } from './lab.js';
import { scenarioJsonSchema } from '../../chaos/scenario/json-schema.js';
import { listScenarioNames, loadScenario, ScenarioError } from '../../chaos/scenario/load.js';
import { hasWorld, loadWorld, WorldError, worldDir } from '../../chaos/scenario/world.js';
import { CliError } from './start.js';

export interface ChaosArgs {
  stateDir: string;
  until: string | undefined;
  ttl: string | undefined;
  /** `--runtime kubernetes --namespace N`: the lab on Kubernetes (run in its namespace); else the local lab. */
  cluster: ClusterTarget | undefined;
  positional: string[];
}

export function parseChaosArgs(defaultStateDir: string, argv: readonly string[]): ChaosArgs {
  const args: ChaosArgs = { stateDir: defaultStateDir, until: undefined, ttl: undefined, cluster: undefined, positional: [] };
  let runtime = 'local';
  let namespace: string | undefined;
  let context: string | undefined;
  let allowOtherContext = false;
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i] ?? '';
    const value = argv[i + 1];
    if (flag === '--state-dir' && value) args.stateDir = resolve(value);
    else if (flag === '--until' && value && /^\d+(ms|s|m|h)$/.test(value)) args.until = value;
    else if (flag === '--ttl' && value && /^\d+(ms|s|m|h)$/.test(value)) args.ttl = value;
    else if (flag === '--runtime' && (value === 'local' || value === 'kubernetes')) runtime = value;
    else if (flag === '--namespace' && value && !value.startsWith('-')) namespace = value;
    else if (flag === '--context' && value && !value.startsWith('-')) context = value;
    else if (flag === '--allow-other-context') {
      allowOtherContext = true;
      continue;
    } else if (flag.startsWith('-')) throw new CliError(`chaos: unexpected option "${flag}"${usageHint(flag)}; run \`npx firedrill help chaos\``);
    else {
      args.positional.push(flag);
      continue;
    }
    i += 1;
  }
  if (runtime === 'kubernetes') {
    if (!namespace) throw new CliError('chaos: --runtime kubernetes needs --namespace <the lab\'s namespace>, e.g. --namespace firedrill');
    args.cluster = { namespace, context, allowOtherContext };
  } else if (namespace || context || allowOtherContext) {
    throw new CliError('chaos: --namespace, --context and --allow-other-context are for --runtime kubernetes');
  }
  return args;
}

function usageHint(flag: string): string {
  if (flag === '--until' || flag === '--ttl') return ' (expected a duration such as 10m)';
  if (flag === '--runtime') return ' (expected local or kubernetes)';
  if (flag === '--namespace' || flag === '--context') return ' (expected a name)';
  return '';
}

/** The lab the runner acts on: the local one through its control socket, or one on Kubernetes. */
async function chaosTarget(root: string, args: Pick<ChaosArgs, 'stateDir' | 'cluster'>): Promise<{ deps: ChaosDeps; env: ProbeEnv }> {
  if (!args.cluster) return labChaosDeps(args.stateDir);
  // The Kubernetes client is loaded only for a lab on Kubernetes (cluster-target.ts says why).
  const { clusterChaosDeps } = await import('./chaos-cluster.js');
  try {
    return clusterChaosDeps(root, args.stateDir, args.cluster, { log: pino({ level: 'warn' }, pino.destination(2)) });
  } catch (err) {
    if (err instanceof RuntimeError) throw new CliError(`chaos: ${err.message}`);
    throw err;
  }
}

/** The running lab as the chaos runner reaches it: its control socket, ports and files. */
export function labChaosDeps(stateDir: string): { deps: ChaosDeps; env: ProbeEnv } {
  const state = readState(stateDir);
  if (!state || !alive(state.pid)) throw new CliError(`no lab is running in ${stateDir}; start it with \`make lab\` first`);
  const url = (port: number) => `http://127.0.0.1:${port}`;
  const deps = chaosDeps(stateDir, state.ports, controlRuntime(state.socket));
  const ports = state.ports as unknown as Record<string, number>;
  const env: ProbeEnv = {
    prometheusUrl: url(state.ports.prometheus),
    serviceUrl: (name) => {
      const port = ports[name];
      if (port === undefined) throw new CliError(`the lab has no ${name}`);
      return url(port);
    },
  };
  return { deps, env };
}

async function injectCommand(proc: NodeJS.Process, root: string, args: ChaosArgs): Promise<number> {
  const name = args.positional[1];
  if (!name) throw new CliError('chaos inject: which scenario? one of `npx firedrill chaos list`');
  const { scenario } = loadScenarioOrExit(root, name);
  const { deps, env } = await chaosTarget(root, args);
  const controller = new AbortController();
  const stop = () => controller.abort();
  proc.once('SIGINT', stop);
  proc.once('SIGTERM', stop);
  try {
    await inject({
      deps, journal: createJournal(args.stateDir), env, scenario, signal: controller.signal, pid: proc.pid,
      ...(args.until ? { until: args.until } : {}), ...(args.ttl ? { ttl: args.ttl } : {}), progress: (line) => proc.stdout.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`),
    });
    return 0;
  } catch (err) {
    if (err instanceof ChaosError) throw new CliError(`chaos inject ${name}: ${err.message}`);
    throw err;
  } finally {
    proc.off('SIGINT', stop);
    proc.off('SIGTERM', stop);
  }
}

function loadScenarioOrExit(root: string, name: string) {
  try {
    return loadScenario(root, name);
  } catch (err) {
    if (err instanceof ScenarioError) throw new CliError(err.message);
    throw err;
  }
}

function statusCommand(proc: NodeJS.Process, stateDir: string): number {
  const journal = createJournal(stateDir);
  const records = journal.read();
  const lastRun = [...records].reverse().find((r) => r.type === 'run');
  const pending = journal.pending();
  if (!lastRun) {
    proc.stdout.write('no chaos run yet\n');
    return 0;
  }
  const ended = records.find((r) => r.type === 'run-ended' && r.run === lastRun.run);
  const runnerAlive = !ended && alive(lastRun.pid);
  proc.stdout.write(`last run ${lastRun.run}: ${lastRun.scenario}, started ${lastRun.at}, expires ${lastRun.expiresAt}, ${ended ? `ended (${ended.type === 'run-ended' ? ended.reason : ''})` : runnerAlive ? `runner running (pid ${lastRun.pid})` : 'runner gone'}\n`);
  const record = runRecord(records, lastRun.run);
  if (record.length > 0) proc.stdout.write(`its steps (the facilitator's record):\n${record.join('\n')}\n`);
  proc.stdout.write(pending.length === 0 ? 'no change in place\n' : `${pending.length} change(s) in place:\n${pending.map((c) => `  ${c.id}  ${c.target.kind}  expires ${c.expiresAt}`).join('\n')}\n`);
  return 0;
}

async function resetCommand(proc: NodeJS.Process, root: string, args: ChaosArgs): Promise<number> {
  const { stateDir } = args;
  const journal = createJournal(stateDir);
  if (journal.pending().length === 0) {
    proc.stdout.write('nothing to undo: no chaos change is in place\n');
    return 0;
  }
  const { deps } = await chaosTarget(root, args);
  try {
    const undone = await revertPending(deps, journal, { by: 'reset', progress: (line) => proc.stdout.write(`${line}\n`) });
    proc.stdout.write(`reset: ${undone} change(s) undone\n`);
  } catch (err) {
    if (err instanceof ShopRepoError || err instanceof RuntimeError) {
      throw new CliError(`chaos reset: ${err.message}; what was undone so far is journalled, run \`npx firedrill chaos reset\` again`);
    }
    throw err;
  }
  return 0;
}

/** `firedrill chaos list | validate <name|file> | schema | inject <name> | status | reset`. */
export async function runChaos(proc: NodeJS.Process, root: string, argv: readonly string[], defaultStateDir: string): Promise<number> {
  const args = parseChaosArgs(defaultStateDir, argv);
  const [sub, arg] = args.positional;
  switch (sub) {
    case 'inject':
      return injectCommand(proc, root, args);
    case 'status':
      return statusCommand(proc, args.stateDir);
    case 'reset':
      return resetCommand(proc, root, args);
    case 'list': {
      for (const name of listScenarioNames(root)) {
        try {
          const { scenario } = loadScenario(root, name);
          proc.stdout.write(`${name.padEnd(24)} ${scenario.difficulty.padEnd(7)} ttl ${scenario.ttl.padEnd(4)} ${scenario.title}\n`);
        } catch (err) {
          proc.stdout.write(`${name.padEnd(24)} INVALID  ${err instanceof ScenarioError ? `${err.problems.length} problem(s): run \`npx firedrill chaos validate ${name}\`` : (err as Error).message}\n`);
        }
      }
      return 0;
    }
    case 'validate': {
      if (!arg) throw new CliError('chaos validate: which scenario? a name from `chaos list` or a path to a scenario.yaml');
      try {
        const { scenario, file, dir } = loadScenario(root, arg);
        proc.stdout.write(`${file}: valid (${scenario.method.length} steps, ttl ${scenario.ttl})\n`);
        if (hasWorld(dir)) {
          const world = loadWorld(dir);
          proc.stdout.write(`${worldDir(dir)}: valid (${world.jira.issues.length} issues, ${world.wiki.pages.length + 1} wiki pages, ${world.oncall.schedules.length} on-call schedules, ${world.terraform.resources.length} resources, ${world.slack?.channels.reduce((n, c) => n + c.messages.length, 0) ?? 0} Slack messages)\n`);
        }
        return 0;
      } catch (err) {
        if (err instanceof ScenarioError || err instanceof WorldError) throw new CliError(err.message);
        throw err;
      }
    }
    case 'schema': {
      const file = join(root, 'chaos', 'scenario.schema.json');
      writeFileSync(file, `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`);
      proc.stdout.write(`wrote ${file}\n`);
      return 0;
    }
    default:
      throw new CliError(`chaos: unknown subcommand "${sub ?? ''}"; one of list, validate, schema, inject, status, reset (run \`npx firedrill help chaos\`)`);
  }
}
