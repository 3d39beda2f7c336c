import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRunIndex, runDir, type GameRecord } from '../../lab/game/runs.js';
import { cli, type TestLab } from './lab.js';
import { spawnLogged } from './processes.js';

export interface GameCliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * `firedrill game …` against a test lab as a user runs it (built CLI, own process group,
 * output kept in .firedrill/logs/); resolves when it exits.
 */
export async function firedrillGame(lab: TestLab, ...args: string[]): Promise<GameCliResult> {
  const p = spawnLogged('game', process.execPath, [cli, 'game', ...args, '--state-dir', lab.stateDir], { PATH: process.env.PATH ?? '' });
  let stdout = '';
  p.child.stdout?.on('data', (c: Buffer) => (stdout += c.toString()));
  const code = await p.exited;
  return { code, stdout, stderr: p.stderr() };
}

/** The newest game of the lab, in its latest recorded state. */
export function lastGame(lab: TestLab): GameRecord {
  const game = createRunIndex(lab.stateDir).list().at(-1);
  if (!game) throw new Error(`no game recorded in ${lab.stateDir}/runs/index.jsonl`);
  return game;
}

/** What `game run` wrote to `<state>/runs/<game>/scorecard.json`. */
export interface ScorecardFile {
  game: string;
  outcome: string;
  steps: number | null;
  reportFile: string | null;
  scorecard: { total: number; rootCause: { right: boolean }; mitigated: boolean } | null;
  error?: string;
}

export const scorecardFile = (lab: TestLab, game: string) => JSON.parse(readFileSync(join(runDir(lab.stateDir, game), 'scorecard.json'), 'utf8')) as ScorecardFile;

/** The desk journal archived with a game: its entries, oldest first. */
export function archivedJournal(lab: TestLab, game: string): Array<{ type: string; at: string; tool?: string; caller?: { kind: string; name?: string } }> {
  return readFileSync(join(runDir(lab.stateDir, game), 'archive', 'desk-journal.jsonl'), 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as { type: string; at: string });
}
