import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { createJournal } from '../../chaos/runner/journal.js';
import { checkProbes } from '../../chaos/runner/probes.js';
import { revertPending } from '../../chaos/runner/reset.js';
import type { Scenario } from '../../chaos/scenario/schema.js';
import { alive } from '../cli/lab.js';
import { distPath } from '../paths.js';
import { GameError } from './errors.js';
import type { LabAccess } from './lab-access.js';

export const chaosLogFile = (runDir: string) => join(runDir, 'chaos.log');

/** How long a runner may take to check steady state and make its first change. */
const INJECT_TIMEOUT_MS = 180_000;
/** A reset ends a runner within its 1 s watch; this is a generous bound. */
const RUNNER_EXIT_MS = 20_000;

/**
 * `chaos reset`: undoes every chaos change still in place, then waits for a runner still
 * holding a game to notice and exit, so the next injection does not race it.
 */
export async function resetChaos(lab: LabAccess, progress: (line: string) => void, runnerPid?: number): Promise<number> {
  const journal = createJournal(lab.stateDir);
  const deps = await lab.chaos();
  const undo = async () => (journal.pending().length === 0 ? 0 : revertPending(deps, journal, { by: 'reset', progress }));
  let undone = await undo();
  if (runnerPid !== undefined) {
    const deadline = Date.now() + RUNNER_EXIT_MS;
    while (alive(runnerPid) && Date.now() < deadline) await delay(250);
    if (alive(runnerPid)) {
      // It had nothing in place to see undone, so it never noticed: stop it as Ctrl-C would.
      progress(`the chaos runner (pid ${runnerPid}) is still holding; stopping it`);
      killQuietly(runnerPid);
      const stopBy = Date.now() + RUNNER_EXIT_MS;
      while (alive(runnerPid) && Date.now() < stopBy) await delay(250);
    }
    // A runner caught in the middle of a step finishes that change before it notices the reset, and leaves it to us.
    undone += await undo();
  }
  return undone;
}

/**
 * Waits until the scenario's steady-state probes hold (a lab just reset may still be
 * draining), up to `timeoutMs`; returns the failing probes if they never did, and the
 * runner then refuses with its own message.
 */
export async function waitSteady(lab: LabAccess, scenario: Scenario, timeoutMs: number, progress: (line: string) => void): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  let said = false;
  for (;;) {
    const failing = (await checkProbes(lab.probeEnv, scenario.probes.steady)).filter((p) => !p.ok).map((p) => `${p.name}: ${p.detail}`);
    if (failing.length === 0 || Date.now() > deadline) return failing;
    if (!said) progress(`waiting for steady state (${failing.join('; ')}) ...`);
    said = true;
    await delay(3000);
  }
}

export interface Injection {
  /** The chaos run id (the runner's, as the desk's briefing and the chaos journal name it). */
  chaosRun: string;
  injectedAt: string;
  runnerPid: number;
}

/**
 * Starts `firedrill chaos inject <scenario> --until <ttl>` detached, its output in
 * `<runDir>/chaos.log`, so it holds the incident after this command returns; resolves once
 * the runner has recorded its run and made its first change. A runner that exits first
 * (an unhealthy lab) fails with what it wrote.
 */
export async function startChaosRunner(opts: { root: string; lab: LabAccess; scenario: Scenario; scenarioArg: string; runDir: string; ttl: string | undefined }): Promise<Injection> {
  const logFile = chaosLogFile(opts.runDir);
  const fd = openSync(logFile, 'a');
  const ttl = opts.ttl ?? opts.scenario.ttl;
  const args = [distPath(opts.root, join('lab', 'cli', 'main.js')), 'chaos', 'inject', opts.scenarioArg, '--until', ttl, ...(opts.ttl ? ['--ttl', opts.ttl] : []), '--state-dir', opts.lab.stateDir, ...opts.lab.runnerArgs];
  const child = spawn(process.execPath, args, { cwd: opts.root, detached: true, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  child.unref();
  // Written by the exit listener while the loop below polls.
  const ended: { code?: number | null } = {};
  child.on('exit', (code) => (ended.code = code));
  const pid = child.pid;
  if (pid === undefined) throw new GameError('runner_failed', `could not start the chaos runner (${args.join(' ')})`);

  const deadline = Date.now() + INJECT_TIMEOUT_MS;
  const journal = createJournal(opts.lab.stateDir);
  for (;;) {
    const log = readFileSync(logFile, 'utf8');
    const run = journal.read().find((r) => r.type === 'run' && r.pid === pid);
    if (run && run.type === 'run' && /step \d+ \(.*\) at \+\S+ (?:done|is past the end)|all steps done/.test(log)) {
      return { chaosRun: run.run, injectedAt: run.at, runnerPid: pid };
    }
    if (ended.code !== undefined) throw new GameError('runner_failed', `the chaos runner exited (${String(ended.code)}) before injecting ${opts.scenario.name}:\n${tail(log)}\n(full log: ${logFile})`);
    if (Date.now() > deadline) {
      killQuietly(pid);
      throw new GameError('runner_failed', `the chaos runner did not inject ${opts.scenario.name} within ${INJECT_TIMEOUT_MS / 1000} s:\n${tail(log)}\n(full log: ${logFile})`);
    }
    await delay(250);
  }
}

const tail = (text: string) => text.trimEnd().split('\n').slice(-12).map((l) => `  ${l}`).join('\n');

function killQuietly(pid: number): void {
  try {
    // The runner leads its own group (detached); SIGTERM lets it undo what it did.
    process.kill(-pid, 'SIGTERM');
  } catch {
    // already gone
  }
}
