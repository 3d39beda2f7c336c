import { basename, resolve } from 'node:path';
import { durationMs } from '../../chaos/runner/steps.js';
import type { ClusterTarget } from '../cli/cluster-target.js';
import { GameError } from './errors.js';

export const GAME_SUBCOMMANDS = ['start', 'status', 'end', 'list', 'run'] as const;
export type GameSubcommand = (typeof GAME_SUBCOMMANDS)[number];

export interface GameArgs {
  sub: GameSubcommand;
  /** start and run: the scenario pack to inject. */
  scenario: string | undefined;
  stateDir: string;
  /** Passed to the chaos runner as --until (and --ttl); the scenario's time-to-live when unset. */
  ttl: string | undefined;
  /** start a game although the previous one is still running (it is ended unscored). */
  force: boolean;
  /** run only: the agent's command line, run with `sh -c`. */
  agentCmd: string | undefined;
  /** run only: how the agent's calls are journaled (`agent:<name>`). */
  agentName: string | undefined;
  /** run only: tool calls the agent may make; the next one is refused with budget_exhausted. */
  maxSteps: number;
  /** run only: how long the agent may work before its process group is killed. */
  timeoutMs: number;
  /** run only: how long to wait for the scenario's incident probes before paging the agent (0: do not wait). */
  incidentWaitMs: number;
  /** `--runtime kubernetes --namespace N [--context C] [--allow-other-context]`: the lab on Kubernetes. */
  cluster: ClusterTarget | undefined;
}

export const GAME_DEFAULTS = { maxSteps: 100, timeout: '10m', incidentWait: '10m' } as const;

const DURATION = /^\d+(ms|s|m|h)$/;

function duration(flag: string, value: string | undefined): string {
  if (value === undefined || !DURATION.test(value)) throw new GameError('game_usage', `game: ${flag} expects a duration such as 30s, 10m or 1h`);
  return value;
}

/** Options that take a value, and the subcommands they belong to. */
const VALUE_FLAGS: Record<string, readonly GameSubcommand[]> = {
  '--state-dir': GAME_SUBCOMMANDS,
  '--runtime': GAME_SUBCOMMANDS,
  '--namespace': GAME_SUBCOMMANDS,
  '--context': GAME_SUBCOMMANDS,
  '--ttl': ['start', 'run'],
  '--agent-cmd': ['run'],
  '--agent-name': ['run'],
  '--max-steps': ['run'],
  '--timeout': ['run'],
  '--incident-wait': ['run'],
};

/**
 * `game start|status|end|list|run` and their options; every mistake is a GameError that
 * names the option and what it expects.
 */
export function parseGameArgs(defaultStateDir: string, argv: readonly string[]): GameArgs {
  const [sub, ...rest] = argv;
  if (!sub || !(GAME_SUBCOMMANDS as readonly string[]).includes(sub)) {
    throw new GameError('game_usage', `game: unknown subcommand "${sub ?? ''}"; one of ${GAME_SUBCOMMANDS.join(', ')} (run \`npx firedrill help game\`)`);
  }
  const args: GameArgs = {
    sub: sub as GameSubcommand, scenario: undefined, stateDir: defaultStateDir, ttl: undefined, force: false, agentCmd: undefined, agentName: undefined,
    maxSteps: GAME_DEFAULTS.maxSteps, timeoutMs: durationMs(GAME_DEFAULTS.timeout), incidentWaitMs: durationMs(GAME_DEFAULTS.incidentWait), cluster: undefined,
  };
  const positional: string[] = [];
  const cluster = { runtime: 'local', namespace: undefined as string | undefined, context: undefined as string | undefined, allowOtherContext: false };
  for (let i = 0; i < rest.length; i += 1) {
    const flag = rest[i] ?? '';
    if (flag === '--force') {
      if (args.sub !== 'start' && args.sub !== 'run') throw new GameError('game_usage', `game ${args.sub}: --force is for start and run`);
      args.force = true;
      continue;
    }
    if (flag === '--allow-other-context') {
      cluster.allowOtherContext = true;
      continue;
    }
    if (!flag.startsWith('-')) {
      positional.push(flag);
      continue;
    }
    const allowed = VALUE_FLAGS[flag];
    if (!allowed) throw new GameError('game_usage', `game ${args.sub}: unexpected option "${flag}"; run \`npx firedrill help game\``);
    if (!allowed.includes(args.sub)) throw new GameError('game_usage', `game ${args.sub}: ${flag} is only for game ${allowed.join(' / ')}`);
    const value = rest[i + 1];
    i += 1;
    if (value === undefined || (value.startsWith('--') && flag !== '--agent-cmd')) throw new GameError('game_usage', `game ${args.sub}: ${flag} needs a value`);
    if (flag === '--state-dir') args.stateDir = resolve(value);
    else if (flag === '--runtime') {
      if (value !== 'local' && value !== 'kubernetes') throw new GameError('game_usage', `game ${args.sub}: --runtime expects local or kubernetes`);
      cluster.runtime = value;
    } else if (flag === '--namespace') cluster.namespace = value;
    else if (flag === '--context') cluster.context = value;
    else if (flag === '--ttl') args.ttl = duration(flag, value);
    else if (flag === '--agent-cmd') args.agentCmd = value;
    else if (flag === '--agent-name') {
      if (!/^[A-Za-z0-9][\w.-]{0,59}$/.test(value)) throw new GameError('game_usage', 'game run: --agent-name expects letters, digits, ".", "_" or "-" (at most 60)');
      args.agentName = value;
    } else if (flag === '--max-steps') {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1 || n > 10_000) throw new GameError('game_usage', 'game run: --max-steps expects a whole number from 1 to 10000');
      args.maxSteps = n;
    } else if (flag === '--timeout') args.timeoutMs = durationMs(duration(flag, value));
    else if (flag === '--incident-wait') args.incidentWaitMs = durationMs(duration(flag, value));
  }
  if (cluster.runtime === 'kubernetes') {
    if (!cluster.namespace) throw new GameError('game_usage', `game ${args.sub}: --runtime kubernetes needs --namespace <the lab's namespace>, e.g. --namespace firedrill`);
    args.cluster = { namespace: cluster.namespace, context: cluster.context, allowOtherContext: cluster.allowOtherContext };
  } else if (cluster.namespace || cluster.context || cluster.allowOtherContext) {
    throw new GameError('game_usage', `game ${args.sub}: --namespace, --context and --allow-other-context are for --runtime kubernetes`);
  }
  const wantsScenario = args.sub === 'start' || args.sub === 'run';
  if (wantsScenario) {
    if (positional.length !== 1) throw new GameError('game_usage', `game ${args.sub}: which scenario? one of \`npx firedrill chaos list\`${positional.length > 1 ? ` (got ${positional.join(' ')})` : ''}`);
    args.scenario = positional[0];
  } else if (positional.length > 0) throw new GameError('game_usage', `game ${args.sub}: unexpected argument "${positional[0] ?? ''}"`);
  if (args.sub === 'run') {
    if (args.agentCmd === undefined || args.agentCmd.trim() === '') throw new GameError('game_usage', 'game run: --agent-cmd "<command>" is required: the agent that plays, speaking MCP on its stdio');
    args.agentName ??= agentNameOf(args.agentCmd);
  }
  return args;
}

const LAUNCHERS = new Set(['node', 'npx', 'npm', 'tsx', 'sh', 'bash', 'env', 'python', 'python3', 'uv', 'uvx', 'deno', 'bun', 'exec']);

/**
 * A name for the agent from its command: the script it runs (`node dist/…/reference.js` →
 * reference), else the program (`claude -p …` → claude). Journaled as `agent:<name>`.
 */
export function agentNameOf(command: string): string {
  const words = command.trim().split(/\s+/).filter((w) => !w.startsWith('-') && !w.includes('='));
  const script = words.find((w) => /\.(?:[cm]?js|ts|py)$/.test(w));
  const program = words.find((w) => !LAUNCHERS.has(basename(w)));
  const raw = basename(script ?? program ?? words[0] ?? 'agent').replace(/\.(?:[cm]?js|ts|py)$/, '');
  const clean = raw.replace(/[^\w.-]+/g, '-').replace(/^[-.]+/, '').slice(0, 60);
  return clean === '' ? 'agent' : clean;
}
