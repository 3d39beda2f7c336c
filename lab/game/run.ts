import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { createDeskClient } from '../../bot/desk/client.js';
import { checkProbes } from '../../chaos/runner/probes.js';
import type { Scenario } from '../../chaos/scenario/schema.js';
import { runAgent, type AgentResult } from './agent-process.js';
import { clock, type GameContext } from './context.js';
import { endGame } from './end.js';
import { gameLab, type LabAccess } from './lab-access.js';
import { runDir } from './runs.js';
import { loadGameScenario, startGame } from './start.js';
import { formatScore } from './table.js';

export interface RunOptions {
  scenario: string;
  ttl: string | undefined;
  force: boolean;
  agentCmd: string;
  agentName: string;
  maxSteps: number;
  timeoutMs: number;
  incidentWaitMs: number;
  /** Where the agent's command runs (the caller's working directory). */
  cwd: string;
  /** The environment the agent inherits, before the game's FIREDRILL_* variables. */
  env: NodeJS.ProcessEnv;
  signal?: AbortSignal;
}

/**
 * A person is paged once the incident shows; so is the agent. Waits for the scenario's
 * incident probes, up to `timeoutMs`, and says so if they never all held.
 */
async function waitIncident(ctx: GameContext, lab: LabAccess, scenario: Scenario, timeoutMs: number, signal: AbortSignal | undefined): Promise<void> {
  if (timeoutMs <= 0 || scenario.probes.incident.length === 0) return;
  const deadline = Date.now() + timeoutMs;
  ctx.out(`waiting for the incident to show (${scenario.probes.incident.map((p) => p.name).join(', ')}) ...`);
  for (;;) {
    const failing = (await checkProbes(lab.probeEnv, scenario.probes.incident)).filter((p) => !p.ok);
    if (failing.length === 0) return;
    if (Date.now() > deadline || signal?.aborted) {
      ctx.out(`the incident has not fully shown yet (${failing.map((p) => p.name).join(', ')}); paging the agent anyway`);
      return;
    }
    await delay(3000);
  }
}

const OUTCOME_TEXT: Record<AgentResult['outcome'], string> = {
  completed: 'the agent finished',
  budget_exhausted: 'the agent ran out of steps',
  timeout: 'the agent ran out of time and was stopped',
  agent_failed: 'the agent exited with an error',
  interrupted: 'the run was interrupted',
};

/**
 * `game run <scenario> --agent-cmd "…"`: starts the game, pages the agent — its command
 * run with the briefing in FIREDRILL_BRIEFING and the desk behind the MCP server the game
 * serves on its stdio, within a step budget and a time limit — then ends and scores the
 * game and writes `<stateDir>/runs/<id>/scorecard.json`. Exit 0 when the agent finished on
 * its own and the game was scored, 1 otherwise (the score is still written).
 */
export async function runGame(ctx: GameContext, opts: RunOptions): Promise<number> {
  const scenario = loadGameScenario(ctx.root, opts.scenario);
  const record = await startGame(ctx, {
    scenario: opts.scenario, ttl: opts.ttl, force: opts.force, by: `agent:${opts.agentName}`,
    agent: { name: opts.agentName, command: opts.agentCmd, maxSteps: opts.maxSteps, timeoutMs: opts.timeoutMs },
  });
  const lab = gameLab(ctx);
  let result: AgentResult | undefined;
  try {
    await waitIncident(ctx, lab, scenario, opts.incidentWaitMs, opts.signal);
    const desk = createDeskClient(lab.deskUrl);
    const briefing = await desk.briefing();
    const dir = runDir(ctx.stateDir, record.id);
    ctx.out(`${clock(ctx.now())} paging agent ${opts.agentName}: ${opts.agentCmd} (at most ${opts.maxSteps} tool calls, ${Math.round(opts.timeoutMs / 1000)} s; its log: ${join(dir, 'agent.log')})`);
    result = await runAgent({
      command: opts.agentCmd, cwd: opts.cwd, desk, agentName: opts.agentName, maxSteps: opts.maxSteps, timeoutMs: opts.timeoutMs,
      logFile: join(dir, 'agent.log'), version: ctx.version, ...(opts.signal ? { signal: opts.signal } : {}),
      env: { ...opts.env, FIREDRILL_BRIEFING: briefing.text, FIREDRILL_DESK_URL: lab.deskUrl, FIREDRILL_RUN: record.id, FIREDRILL_AGENT_NAME: opts.agentName },
    });
    ctx.out(`${clock(ctx.now())} ${OUTCOME_TEXT[result.outcome]} after ${result.steps} tool call(s) and ${Math.round(result.durationMs / 1000)} s${result.exitCode !== null ? ` (exit ${result.exitCode})` : result.exitSignal ? ` (${result.exitSignal})` : ''}`);
  } finally {
    // However the agent's part ended (even by an error here), the game is scored and the lab put back.
    const ended = await endGame(ctx, { record, outcome: result?.outcome ?? 'interrupted', steps: result?.steps ?? 0 });
    printEnd(ctx, ended.record.id, ended.score?.file, ended.score?.scorecard, ended.scoreError);
    if (ended.scoreError !== undefined) result = undefined;
  }
  return result?.outcome === 'completed' ? 0 : 1;
}

/** The end of a game as printed: where the report and scorecard are, and the score table. */
export function printEnd(ctx: GameContext, id: string, reportFile: string | undefined, scorecard: Parameters<typeof formatScore>[0] | undefined, scoreError: string | undefined): void {
  const card = join(runDir(ctx.stateDir, id), 'scorecard.json');
  if (scoreError !== undefined || !scorecard) {
    ctx.out(`game ${id} could not be scored: ${scoreError ?? 'no scorecard'}`);
    ctx.out(`scorecard: ${card}`);
    return;
  }
  ctx.out(`report:    ${reportFile ?? '-'}`);
  ctx.out(`scorecard: ${card}`);
  ctx.out(formatScore(scorecard).trimEnd());
}
