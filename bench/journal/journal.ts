import { statSync } from 'node:fs';
import { join } from 'node:path';
import { createJournal as createChaosJournal } from '../../chaos/runner/journal.js';
import { createJournal } from '../../bot/desk/journal/journal.js';
import { OFFLINE_REPORTS } from '../../bot/report/game-fixture.js';
import { liveFigures } from '../../bot/report/report-fixture.js';
import { figure, type BenchContext, type Figure } from '../results.js';
import { median, ms } from '../desk/stats.js';
import { filesystemOf, measureAppends } from './appends.js';
import { buildReportFromJournal, type ReportBuildTiming } from './report-build.js';
import { SYNTH_INJECTED_AT, SYNTH_SCENARIO, synthesizeGame } from './synth-game.js';

export const REPORT_ENTRIES = 5_000;
const COMMAND = 'make bench ONLY=journal';

/** Writes a game of `count` entries through the desk's journal, and the chaos run it belongs to. */
export function writeSyntheticGame(stateDir: string, count: number) {
  const journal = createJournal(join(stateDir, 'desk', 'journal.jsonl'));
  for (const { seq: _seq, at, ...entry } of synthesizeGame(count)) journal.append(entry, new Date(at));
  const at = new Date(Date.parse(SYNTH_INJECTED_AT) + 2 * 3_600_000).toISOString();
  createChaosJournal(stateDir).append({ type: 'run', run: 'bench-run', scenario: SYNTH_SCENARIO, pid: process.pid, at: SYNTH_INJECTED_AT, expiresAt: at });
  return journal;
}

/**
 * Section 5: how many calls a second the desk's journal can make durable, and how long the
 * report of a 5,000-entry game takes from the journal file to the written Markdown.
 */
export async function runJournal(ctx: BenchContext): Promise<Figure[]> {
  const fs = filesystemOf(ctx.workDir);
  const durationMs = ctx.quick ? 500 : 5_000;
  ctx.progress(`durable appends for ${durationMs / 1000} s on ${fs}`);
  const appends = measureAppends(join(ctx.workDir, 'appends', 'journal.jsonl'), synthesizeGame(400), durationMs);
  const appendNote = `createJournal (write + fsync per entry) on ${fs}; ${appends.appends} call entries of ${Math.round(appends.bytes / appends.appends)} B average in ${appends.seconds.toFixed(1)} s`;

  const stateDir = join(ctx.workDir, 'report');
  ctx.progress(`writing a ${REPORT_ENTRIES}-entry game through the desk's journal`);
  const journal = writeSyntheticGame(stateDir, REPORT_ENTRIES);
  const builds = ctx.quick ? 2 : 10;
  const report = OFFLINE_REPORTS.full;
  const submittedAt = new Date(Date.parse(SYNTH_INJECTED_AT) + (REPORT_ENTRIES + 60) * 1000);
  const timings: ReportBuildTiming[] = [];
  try {
    for (let i = 0; i < builds; i += 1) {
      ctx.progress(`report build ${i + 1}/${builds}`);
      const now = new Date(submittedAt.getTime() + i * 1000);
      timings.push(buildReportFromJournal({
        root: ctx.root, stateDir, journal, live: liveFigures({ at: now.toISOString() }), now,
        submission: { report, by: 'claude', at: submittedAt.toISOString() },
      }).timing);
    }
  } finally {
    journal.close();
  }
  const totals = timings.map((t) => t.totalMs);
  const mid = (pick: (t: ReportBuildTiming) => number) => ms(median(timings.map(pick)));
  const fileMiB = statSync(journal.file).size / 2 ** 20;
  const buildNote = `median of ${builds} builds of bot/desk/reports.ts write() minus gatherLive (live figures: the unit tests' liveFigures()); `
    + `${timings[0]?.entries ?? 0} game entries, journal ${fileMiB.toFixed(1)} MiB, report ${Math.round((timings[0]?.markdownBytes ?? 0) / 1024)} KiB; `
    + `parts (median ms): journal read+parse ${mid((t) => t.readMs)}, scenario ${mid((t) => t.scenarioMs)}, buildReport ${mid((t) => t.buildMs)}, write .md/.json + report event ${mid((t) => t.writeMs)}`;

  return [
    figure({ section: 'journal', name: 'durable appends', value: Math.round(appends.perSecond), unit: 'appends/s', command: COMMAND, note: appendNote }),
    figure({ section: 'journal', name: 'append latency p99', value: ms(appends.latency.p99), unit: 'ms', command: COMMAND, note: `p50 ${ms(appends.latency.p50)} ms, max ${ms(appends.latency.max)} ms` }),
    figure({ section: 'journal', name: `report build, ${REPORT_ENTRIES.toLocaleString('en-US')} entries (median)`, value: ms(median(totals)), unit: 'ms', goal: { op: '<', value: 1000, text: '< 1 s' }, command: COMMAND, note: buildNote }),
    figure({ section: 'journal', name: `report build, ${REPORT_ENTRIES.toLocaleString('en-US')} entries (max)`, value: ms(Math.max(...totals)), unit: 'ms', command: COMMAND, note: `slowest of ${builds} builds (the goal is judged on the median)` }),
  ];
}
