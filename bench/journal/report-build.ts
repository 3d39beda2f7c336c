import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createJournal as createChaosJournal } from '../../chaos/runner/journal.js';
import { loadScenario } from '../../chaos/scenario/load.js';
import type { Journal } from '../../bot/desk/journal/journal.js';
import { freeStem, gameEntries, reportsDir } from '../../bot/desk/reports.js';
import { buildReport } from '../../bot/report/build.js';
import type { BuiltReport, IncidentReport, LiveFigures } from '../../bot/report/types.js';

export interface ReportBuildTiming {
  /** Reading and parsing the desk's journal, and picking the game's entries. */
  readMs: number;
  /** The chaos journal's run and the scenario pack. */
  scenarioMs: number;
  /** buildReport: timeline, hypotheses, scorecard, Markdown and JSON. */
  buildMs: number;
  /** The .md and .json files and the journal's `report` event (one fsync). */
  writeMs: number;
  totalMs: number;
  entries: number;
  markdownBytes: number;
}

export interface ReportBuildInputs {
  root: string;
  stateDir: string;
  journal: Journal;
  /** What gatherLive would read from the running lab; the bench feeds the unit tests' figures. */
  live: LiveFigures;
  submission: { report: IncidentReport; by: string; at: string };
  now: Date;
}

/**
 * bot/desk/reports.ts's write() step for step, timed, with gatherLive's answers handed in:
 * its reads of partners, traffic, Prometheus and the pager need a live lab, and the issue's
 * goal is about the report, not the lab. Kept in step with write() by hand; the unit test
 * checks the result is a report the real builder accepts.
 */
export function buildReportFromJournal(inputs: ReportBuildInputs): { timing: ReportBuildTiming; built: BuiltReport; file: string } {
  const t0 = performance.now();
  const run = createChaosJournal(inputs.stateDir).read().filter((r) => r.type === 'run').at(-1);
  if (!run || run.type !== 'run') throw new Error(`no chaos run in ${inputs.stateDir}: write one before building`);
  const { scenario } = loadScenario(inputs.root, run.scenario);
  const t1 = performance.now();
  const journal = gameEntries(inputs.journal.read(), run.at);
  const t2 = performance.now();
  const built = buildReport({
    scenario, run: { id: run.run, injectedAt: run.at }, journal,
    submission: inputs.submission.report, submittedAt: inputs.submission.at, submittedBy: inputs.submission.by, live: inputs.live,
  });
  const t3 = performance.now();
  const dir = reportsDir(inputs.stateDir);
  mkdirSync(dir, { recursive: true });
  const stem = freeStem(join(dir, `${scenario.name}-${inputs.now.toISOString().replace(/[:.]/g, '-')}`));
  writeFileSync(`${stem}.md`, built.markdown);
  writeFileSync(`${stem}.json`, `${JSON.stringify(built.json, null, 2)}\n`);
  inputs.journal.append({ type: 'game', event: 'report', text: `${stem}.md`, who: inputs.submission.by }, inputs.now);
  const t4 = performance.now();
  return {
    timing: { scenarioMs: t1 - t0, readMs: t2 - t1, buildMs: t3 - t2, writeMs: t4 - t3, totalMs: t4 - t0, entries: journal.length, markdownBytes: Buffer.byteLength(built.markdown) },
    built,
    file: `${stem}.md`,
  };
}
