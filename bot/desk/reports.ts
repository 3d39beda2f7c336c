import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { createJournal as createChaosJournal } from '../../chaos/runner/journal.js';
import { loadScenario } from '../../chaos/scenario/load.js';
import { preparedEntry } from '../coach/entries.js';
import { buildReport } from '../report/build.js';
import { gatherLive, type GatherSources, type SkewedClock } from '../report/gather.js';
import type { IncidentReport, Scorecard } from '../report/types.js';
import type { Journal, JournalEntry } from './journal/journal.js';

export interface WrittenReport {
  file: string;
  jsonFile: string;
  scenario: string;
  run: string;
  scorecard: Scorecard;
}

export interface ReportWriter {
  /**
   * Builds the current game's report from the journal and the lab's ground truth, writes
   * `<state>/reports/<scenario>-<time>.md` and `.json`, and journals a `report` event.
   * Without a submission it scores what was done (a game ended without a report).
   */
  write(submission: { report: IncidentReport; by: string; at: string } | undefined): Promise<WrittenReport>;
  /** The report of the current game: the latest written one, or a fresh one without a submission. */
  scoreGame(): Promise<WrittenReport>;
}

export class NoGameError extends Error {
  readonly code = 'no_game';
  constructor() {
    super('no scenario has been injected into this lab, so there is no incident to report on; start one with `make chaos` or `npx firedrill game start <scenario>`');
    this.name = 'NoGameError';
  }
}

export interface ReportWriterDeps {
  root: string;
  stateDir: string;
  journal: Journal;
  sources: GatherSources;
  skewedClocks: readonly SkewedClock[];
  now(): Date;
}

export const reportsDir = (stateDir: string) => join(stateDir, 'reports');

/**
 * Entries of the game injected at `injectedAt`: from the bot's `prepared` event that names
 * this injection on (a game started a minute after the last must not inherit its entries),
 * else from the injection itself.
 */
export function gameEntries(entries: readonly JournalEntry[], injectedAt: string): JournalEntry[] {
  const prepared = preparedEntry(entries, injectedAt);
  const from = Date.parse(injectedAt);
  return entries.filter((e) => (prepared ? e.seq >= prepared.seq : Date.parse(e.at) >= from));
}

/**
 * A report never replaces another: a second one written in the same millisecond (a fixed
 * clock, two submissions at once) gets `-2`, `-3`, ... so every version is kept.
 */
export function freeStem(stem: string): string {
  if (!existsSync(`${stem}.md`) && !existsSync(`${stem}.json`)) return stem;
  for (let n = 2; ; n += 1) {
    const next = `${stem}-${n}`;
    if (!existsSync(`${next}.md`) && !existsSync(`${next}.json`)) return next;
  }
}

export function createReportWriter(deps: ReportWriterDeps): ReportWriter {
  const currentRun = () => {
    const run = createChaosJournal(deps.stateDir).read().filter((r) => r.type === 'run').at(-1);
    if (!run || run.type !== 'run') throw new NoGameError();
    return run;
  };

  const write: ReportWriter['write'] = async (submission) => {
    const run = currentRun();
    const { scenario } = loadScenario(deps.root, run.scenario);
    const now = deps.now();
    const live = await gatherLive(deps.sources, scenario, new Date(run.at), now, deps.skewedClocks);
    const built = buildReport({
      scenario, run: { id: run.run, injectedAt: run.at }, journal: gameEntries(deps.journal.read(), run.at),
      submission: submission?.report, submittedAt: submission?.at, submittedBy: submission?.by, live,
    });
    const dir = reportsDir(deps.stateDir);
    mkdirSync(dir, { recursive: true });
    const stem = freeStem(join(dir, `${scenario.name}-${now.toISOString().replace(/[:.]/g, '-')}`));
    writeFileSync(`${stem}.md`, built.markdown);
    writeFileSync(`${stem}.json`, `${JSON.stringify(built.json, null, 2)}\n`);
    deps.journal.append({ type: 'game', event: 'report', text: `${stem}.md`, ...(submission ? { who: submission.by } : {}) }, now);
    return { file: `${stem}.md`, jsonFile: `${stem}.json`, scenario: scenario.name, run: run.run, scorecard: built.scorecard };
  };

  return {
    write,
    async scoreGame() {
      const run = currentRun();
      const written = gameEntries(deps.journal.read(), run.at).filter((e) => e.type === 'game' && e.event === 'report').at(-1);
      const file = written?.type === 'game' ? written.text : undefined;
      if (file && existsSync(file.replace(/\.md$/, '.json'))) {
        const json = JSON.parse(readFileSync(file.replace(/\.md$/, '.json'), 'utf8')) as { scorecard: Scorecard; run?: { id?: string } };
        if (json.run?.id === run.run) return { file, jsonFile: file.replace(/\.md$/, '.json'), scenario: run.scenario, run: run.run, scorecard: json.scorecard };
      }
      return write(undefined);
    },
  };
}

/** The reports in a state dir, newest first: what `firedrill report` lists. */
export function listReports(stateDir: string): Array<{ file: string; name: string }> {
  const dir = reportsDir(stateDir);
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => f.endsWith('.md')).sort().reverse().map((f) => ({ file: join(dir, f), name: basename(f, '.md') }));
}
