import type { Logger } from 'pino';
import { assessProcess } from '../coach/process.js';
import { statusNudge } from '../coach/nudge.js';
import type { JournalEntry } from '../desk/journal/journal.js';
import type { JournalClient } from './desk-journal.js';

export interface CoachWatchDeps {
  journal: Pick<JournalClient, 'event'>;
  /** The desk's URL: its coach mode (GET /coach) says whether to nudge at all. */
  desk: string;
  nudge(text: string): Promise<void>;
  log: Logger;
}

/** Whether a tool is a remediation: the desk's own catalogue says, read once. */
async function remediationTools(desk: string): Promise<Set<string>> {
  const res = await fetch(`${desk}/tools`, { signal: AbortSignal.timeout(10_000) });
  const { tools } = (await res.json()) as { tools: Array<{ name: string; kind: string }> };
  return new Set(tools.filter((t) => t.kind === 'remediation').map((t) => t.name));
}

/**
 * The process coach's eye on the game: after each tick, reads the journal and, when the
 * investigator is overdue for a status update in #incidents, posts one nudge and journals
 * it (so the next nudge waits for another window). Off when the desk's coach mode is off.
 */
export function createCoachWatch(deps: CoachWatchDeps) {
  let remediation: Set<string> | undefined;
  return {
    /** `entries`: the whole journal as this tick read it. */
    async check(entries: readonly JournalEntry[]): Promise<void> {
      const mode = await fetch(`${deps.desk}/coach`, { signal: AbortSignal.timeout(5000) }).then(async (r) => ((await r.json()) as { mode?: string }).mode).catch(() => 'warn');
      if (mode === 'off') return;
      remediation ??= await remediationTools(deps.desk);
      const kinds = remediation;
      if (!entries.some((e) => e.type === 'game' && e.event === 'prepared')) return;
      const state = assessProcess(entries, { isRemediation: (t) => kinds.has(t) });
      const text = statusNudge(state, { every: { min: 5, max: 10 } });
      if (!text) return;
      await deps.nudge(text);
      await deps.journal.event({ event: 'nudge', rule: 'status-cadence', text });
      deps.log.info({ steps: state.stepsSinceStatus }, 'status update nudge posted');
    },
  };
}
