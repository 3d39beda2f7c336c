import { randomBytes } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type { Scenario } from '../scenario/schema.js';
import type { ChaosDeps } from './changes.js';
import type { Journal, JournalRecord } from './journal.js';
import { checkProbes, type ProbeEnv } from './probes.js';
import { revertPending } from './reset.js';
import { durationMs, runStep } from './steps.js';

export class ChaosError extends Error {
  readonly code: 'unhealthy_lab' | 'run_in_progress';
  constructor(code: ChaosError['code'], message: string) {
    super(message);
    this.name = 'ChaosError';
    this.code = code;
  }
}

export interface InjectOptions {
  deps: ChaosDeps;
  journal: Journal;
  env: ProbeEnv;
  scenario: Scenario;
  /** Hold the incident this long, then undo (default: the time-to-live); steps later than this are not run. */
  until?: string;
  /** A shorter time-to-live than the scenario's (a quick game, a test of the expiry sweep). */
  ttl?: string;
  /** Aborted on SIGINT/SIGTERM: undo and return. */
  signal: AbortSignal;
  /** The facilitator's record, a line per event. */
  progress: (line: string) => void;
  pid: number;
}

/** How often a running game checks whether `chaos reset` undid it from elsewhere. */
const RESET_WATCH_MS = 1000;

/**
 * True once someone other than the runner undid any of the run's changes: `chaos reset`
 * (the person wants the game over) or the lab's TTL sweep (the run's time is up).
 */
export function resetElsewhere(records: readonly JournalRecord[], run: string): boolean {
  return records.some((r) => r.type === 'reverted' && r.run === run && r.by !== 'runner');
}

/**
 * Injects a scenario into a running lab: refuses an unhealthy lab (naming the probe),
 * runs the method at its offsets, holds the incident until `until` or the TTL, and undoes
 * everything on the way out — completion, Ctrl-C, or an error.
 */
export async function inject(opts: InjectOptions): Promise<{ run: string; reason: string }> {
  const { deps, journal, scenario, progress } = opts;
  const pending = journal.pending();
  if (pending.length > 0) throw new ChaosError('run_in_progress', `${pending.length} change(s) of an earlier run are still in place (${pending[0]?.run}); run \`npx firedrill chaos reset\` first`);
  progress(`checking steady state (${scenario.probes.steady.length} probes) ...`);
  const steady = await checkProbes(opts.env, scenario.probes.steady);
  const failing = steady.filter((p) => !p.ok);
  if (failing.length > 0) throw new ChaosError('unhealthy_lab', `the lab is not in steady state, nothing was injected:\n${failing.map((p) => `  - ${p.name}: ${p.detail}`).join('\n')}`);

  const run = `run-${deps.now().toISOString().replace(/[-:]/g, '').slice(0, 15)}-${randomBytes(2).toString('hex')}`;
  const started = deps.now().getTime();
  const ttlMs = Math.min(durationMs(opts.ttl ?? scenario.ttl), durationMs(scenario.ttl));
  const holdMs = Math.min(durationMs(opts.until ?? scenario.ttl), ttlMs);
  const expiresAt = new Date(started + ttlMs).toISOString();
  journal.append({ type: 'run', run, scenario: scenario.name, pid: opts.pid, at: new Date(started).toISOString(), expiresAt });
  progress(`${run}: injecting ${scenario.name}; every change expires at ${expiresAt}`);

  let reason = 'held until the end';
  // A `chaos reset` from another terminal undoes this run's changes; the runner then ends
  // instead of running later steps into a lab someone meant to put back.
  const ended = new AbortController();
  const stop = () => ended.abort();
  opts.signal.addEventListener('abort', stop, { once: true });
  const watch = setInterval(() => {
    if (resetElsewhere(journal.read(), run)) ended.abort();
  }, RESET_WATCH_MS);
  try {
    const steps = scenario.method.map((step, index) => ({ step, index })).sort((a, b) => durationMs(a.step.at) - durationMs(b.step.at));
    for (const { step, index } of steps) {
      if (durationMs(step.at) >= holdMs) {
        progress(`${run}: step ${index} (${step.kind}) at +${step.at} is past the end of the game; not run`);
        continue;
      }
      const wait = started + durationMs(step.at) - deps.now().getTime();
      if (wait > 0) await delay(wait, undefined, { signal: ended.signal });
      await runStep(deps, journal, { run, scenario, index, expiresAt }, step);
      progress(`${run}: step ${index} (${step.kind}${step.kind === 'noise' ? ` ${step.noise}` : ''}) at +${step.at} done${step.why ? `: ${step.why}` : ''}`);
    }
    const left = started + holdMs - deps.now().getTime();
    progress(`${run}: all steps done; holding for ${Math.max(0, Math.round(left / 1000))} s (Ctrl-C ends the game and undoes everything)`);
    if (left > 0) await delay(left, undefined, { signal: ended.signal });
  } catch (err) {
    reason = opts.signal.aborted ? 'stopped (signal)' : ended.signal.aborted ? 'reset from elsewhere (chaos reset)' : `error: ${(err as Error).message}`;
    if (!opts.signal.aborted) progress(`${run}: ${reason}`);
  } finally {
    clearInterval(watch);
    opts.signal.removeEventListener('abort', stop);
    // Reset from elsewhere: that process is undoing the changes; a second undoer at the
    // same time would race it for the shop repository.
    const undoHere = !ended.signal.aborted || opts.signal.aborted;
    if (undoHere) progress(`${run}: undoing every change ...`);
    const undone = undoHere ? await revertPending(deps, journal, { by: 'runner', progress }) : 0;
    journal.append({ type: 'run-ended', run, at: deps.now().toISOString(), reason });
    progress(`${run}: ended (${reason}); ${undone} change(s) undone`);
  }
  return { run, reason };
}
