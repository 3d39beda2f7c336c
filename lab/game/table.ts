import type { GameRecord } from './runs.js';
import type { GameScorecard } from './score.js';

/** Columns padded to their widest cell, two spaces apart: what a terminal reads best. */
export function formatTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  return [header, ...rows].map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ').trimEnd()).join('\n');
}

const yesNo = (b: boolean | undefined) => (b === undefined ? '-' : b ? 'yes' : 'no');
const MAX_DETAIL = 90;
const clip = (s: string) => (s.length > MAX_DETAIL ? `${s.slice(0, MAX_DETAIL - 1)}…` : s);

/** The scorecard as `game end` and `game run` print it: each item, the total, and the two verdicts. */
export function formatScore(scorecard: GameScorecard): string {
  const items = scorecard.items ?? [];
  const rows = items.map((i) => [i.name, `${i.points}/${i.max}`, clip((i.detail ?? '').replace(/\s+/g, ' '))]);
  const table = rows.length > 0 ? `${formatTable(['ITEM', 'POINTS', 'DETAIL'], rows)}\n` : '';
  return `${table}total ${scorecard.total}/100   root cause right: ${yesNo(scorecard.rootCause.right)}   mitigated: ${yesNo(scorecard.mitigated)}\n`;
}

const minutes = (from: string, to: string | undefined) => {
  if (!to) return '-';
  const s = Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 1000));
  return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
};

/** `game list`: every game, oldest first, with how it ended and its score. */
export function formatRunList(records: readonly GameRecord[]): string {
  if (records.length === 0) return 'no games yet; start one with `npx firedrill game start <scenario>`\n';
  const rows = records.map((r) => [
    r.id, r.scenario, r.by, r.startedAt.slice(0, 19).replace('T', ' '), minutes(r.startedAt, r.endedAt),
    r.status === 'ended' ? r.outcome ?? 'ended' : r.status, r.steps === undefined ? '-' : String(r.steps),
    r.score ? String(r.score.total) : r.scoreError ? 'error' : '-', yesNo(r.score?.rootCauseRight), yesNo(r.score?.mitigated),
  ]);
  return `${formatTable(['GAME', 'SCENARIO', 'BY', 'STARTED (UTC)', 'LASTED', 'OUTCOME', 'STEPS', 'SCORE', 'ROOT CAUSE', 'MITIGATED'], rows)}\n`;
}
