import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import type { DeskBackend } from '../../bot/desk/backend.js';
import { createBudgetBackend, serveAgent } from './bridge.js';
import type { GameOutcome } from './runs.js';

export interface AgentRun {
  command: string;
  cwd: string;
  /** The agent's environment: the game's FIREDRILL_* on top of the caller's. */
  env: NodeJS.ProcessEnv;
  desk: DeskBackend;
  agentName: string;
  maxSteps: number;
  timeoutMs: number;
  /** The agent's stderr (its own log) goes here; stdout is JSON-RPC. */
  logFile: string;
  version: string;
  /** Aborted on Ctrl-C: the agent is stopped and the game still scored. */
  signal?: AbortSignal;
}

export interface AgentResult {
  outcome: Extract<GameOutcome, 'completed' | 'budget_exhausted' | 'timeout' | 'agent_failed' | 'interrupted'>;
  steps: number;
  exitCode: number | null;
  exitSignal: NodeJS.Signals | null;
  durationMs: number;
}

/** SIGTERM first so an agent can say goodbye; whatever is left of its group after this is killed. */
const KILL_GRACE_MS = 3000;
/** How long the agent's pipes may take to drain after it exited. */
const STDIO_DRAIN_MS = 2000;
/** Lets the budget_exhausted answer reach the agent before its group is stopped. */
const BUDGET_GRACE_MS = 500;

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is gone
  }
}

/**
 * Runs the agent's command with `sh -c` in its own process group and serves it MCP over
 * its stdio, with the step budget in between. Ends when the agent exits, or — its whole
 * process group killed — at the timeout, after the budget is spent, or on abort.
 */
export async function runAgent(opts: AgentRun): Promise<AgentResult> {
  const started = Date.now();
  const child = spawn('sh', ['-c', opts.command], { cwd: opts.cwd, env: opts.env, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
  const log = createWriteStream(opts.logFile, { flags: 'a' });
  child.stderr.pipe(log, { end: false });
  // An agent that exits while an answer is on its way closes the pipe: that is its business, not a crash here.
  child.stdin.on('error', () => undefined);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal }));
    child.on('error', (err) => {
      log.write(`firedrill game: could not start the agent: ${err.message}\n`);
      resolve({ code: 127, signal: null });
    });
  });
  const closed = new Promise<void>((resolve) => child.on('close', () => resolve()));

  // Set from timers and the budget's callback: an object, so the reads below see their writes.
  const stopped: { reason?: AgentResult['outcome'] } = {};
  const timers: NodeJS.Timeout[] = [];
  const stop = (reason: AgentResult['outcome'], afterMs = 0) => {
    if (stopped.reason !== undefined) return;
    stopped.reason = reason;
    timers.push(setTimeout(() => {
      if (child.pid === undefined) return;
      log.write(`firedrill game: stopping the agent (${reason})\n`);
      signalGroup(child.pid, 'SIGTERM');
      timers.push(setTimeout(() => child.pid !== undefined && signalGroup(child.pid, 'SIGKILL'), KILL_GRACE_MS));
    }, afterMs));
  };

  const backend = createBudgetBackend(opts.desk, { maxSteps: opts.maxSteps, agentName: opts.agentName, onExhausted: () => stop('budget_exhausted', BUDGET_GRACE_MS) });
  const server = await serveAgent(backend, { fromAgent: child.stdout, toAgent: child.stdin }, {
    version: opts.version, onError: (err) => log.write(`firedrill game: MCP: ${err.message}\n`),
  });
  timers.push(setTimeout(() => stop('timeout'), opts.timeoutMs));
  const onAbort = () => stop('interrupted');
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  if (opts.signal?.aborted) onAbort();

  const { code, signal } = await exited;
  opts.signal?.removeEventListener('abort', onAbort);
  for (const t of timers) clearTimeout(t);
  // `sh -c` may leave children of its own behind; the game promises nothing of the agent outlives it.
  if (child.pid !== undefined) signalGroup(child.pid, 'SIGKILL');
  // The last of its stderr is still in the pipe when it exits; a straggler outside the group could hold it open, hence the bound.
  await Promise.race([closed, delay(STDIO_DRAIN_MS)]);
  child.stderr.unpipe(log);
  await server.close().catch(() => undefined);
  await new Promise<void>((resolve) => log.end(resolve));
  const outcome = backend.exhausted() ? 'budget_exhausted' : stopped.reason ?? (code === 0 ? 'completed' : 'agent_failed');
  return { outcome, steps: backend.steps(), exitCode: code, exitSignal: signal, durationMs: Date.now() - started };
}
