import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadScenario, ScenarioError } from '../../chaos/scenario/load.js';
import type { Scenario } from '../../chaos/scenario/schema.js';
import { alive } from '../cli/lab.js';
import { archiveGame, isArchived } from './archive.js';
import { resetChaos, startChaosRunner, waitSteady } from './chaos-process.js';
import type { GameContext } from './context.js';
import { GameError } from './errors.js';
import { gameLab, type LabAccess } from './lab-access.js';
import { createRunIndex, newGameId, runDir, type GameRecord } from './runs.js';

/** How long a lab just reset may take to settle before the runner checks steady state itself. */
const STEADY_WAIT_MS = 5 * 60_000;

export interface StartOptions {
  /** A pack name from `chaos list`, or a path to a scenario.yaml. */
  scenario: string;
  ttl: string | undefined;
  force: boolean;
  by: string;
  agent?: GameRecord['agent'];
}

export function loadGameScenario(root: string, nameOrPath: string): Scenario {
  try {
    return loadScenario(root, nameOrPath).scenario;
  } catch (err) {
    if (err instanceof ScenarioError) throw new GameError('unknown_scenario', err.message, { cause: err });
    throw err;
  }
}

/**
 * Closes the books on the game before: a running one is refused unless forced (its runner
 * still holds the incident), then marked abandoned; its traces are archived if `game end`
 * did not already.
 */
async function settlePrevious(ctx: GameContext, lab: LabAccess, force: boolean): Promise<GameRecord | undefined> {
  const index = createRunIndex(ctx.stateDir);
  const open = index.current();
  if (open) {
    const holding = open.runnerPid !== undefined && alive(open.runnerPid);
    if (holding && !force) {
      throw new GameError('game_running', `game ${open.id} (${open.scenario}, by ${open.by}) is still running; end it with \`npx firedrill game end\`, or start anew with --force`);
    }
    index.write({ ...open, status: 'ended', outcome: 'abandoned', endedAt: ctx.now().toISOString() });
    ctx.out(`game ${open.id} was still open; recorded as abandoned (not scored)`);
  }
  const previous = index.list().at(-1);
  if (previous && !isArchived(runDir(ctx.stateDir, previous.id))) {
    const manifest = await archiveGame(lab, { game: previous.id, runDir: runDir(ctx.stateDir, previous.id), since: previous.startedAt, now: ctx.now() });
    ctx.out(`archived ${previous.id}: ${manifest.files.length} file(s)${manifest.problems.length ? `; not saved: ${manifest.problems.join('; ')}` : ''}`);
  }
  return open;
}

/**
 * `game start <scenario>`: archives the previous game, resets the lab to steady state,
 * injects the scenario with a detached chaos runner (which holds the incident after this
 * returns) and records the game in `<stateDir>/runs/index.jsonl`.
 */
export async function startGame(ctx: GameContext, opts: StartOptions): Promise<GameRecord> {
  const lab = gameLab(ctx);
  const scenario = loadGameScenario(ctx.root, opts.scenario);
  const open = await settlePrevious(ctx, lab, opts.force);
  const index = createRunIndex(ctx.stateDir);
  const started = ctx.now();
  const id = newGameId(started);
  const dir = runDir(ctx.stateDir, id);
  mkdirSync(dir, { recursive: true });
  let record = index.write({ id, scenario: scenario.name, startedAt: started.toISOString(), by: opts.by, status: 'starting', ...(opts.agent ? { agent: opts.agent } : {}) });
  try {
    const undone = await resetChaos(lab, (line) => ctx.out(`reset: ${line}`), open?.runnerPid);
    ctx.out(undone > 0 ? `chaos reset: ${undone} change(s) undone` : 'chaos reset: the lab had no chaos change in place');
    const failing = await waitSteady(lab, scenario, STEADY_WAIT_MS, ctx.out);
    if (failing.length > 0) ctx.out(`the lab is still not steady after ${STEADY_WAIT_MS / 60_000} minutes; the runner will say which probe fails`);
    ctx.out(`injecting ${scenario.name} (runner log: ${dir}/chaos.log) ...`);
    const injection = await startChaosRunner({ root: ctx.root, lab, scenario, scenarioArg: /[/\\]|\.ya?ml$/.test(opts.scenario) ? resolve(opts.scenario) : opts.scenario, runDir: dir, ttl: opts.ttl });
    record = index.write({ ...record, status: 'running', chaosRun: injection.chaosRun, injectedAt: injection.injectedAt, runnerPid: injection.runnerPid });
  } catch (err) {
    index.write({ ...record, status: 'failed', endedAt: ctx.now().toISOString(), error: (err as Error).message });
    throw err;
  }
  ctx.out(`game ${id}: ${scenario.title} (${scenario.name}) injected at ${record.injectedAt ?? '?'} as chaos run ${record.chaosRun ?? '?'}`);
  return record;
}
