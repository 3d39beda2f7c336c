import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { archiveGame } from './archive.js';
import { resetChaos } from './chaos-process.js';
import type { GameContext } from './context.js';
import { readDeskJournal } from './desk.js';
import { GameError } from './errors.js';
import { gameLab } from './lab-access.js';
import { createRunIndex, runDir, type GameOutcome, type GameRecord } from './runs.js';
import { scoreGame, type GameScore } from './score.js';

export interface EndResult {
  record: GameRecord;
  score: (GameScore & { source: 'submission' | 'scorer' }) | undefined;
  scoreError: string | undefined;
}

/** The game `game status` and `game end` act on: the newest one still running. */
export function currentGame(stateDir: string): GameRecord {
  const game = createRunIndex(stateDir).current();
  if (!game) throw new GameError('no_game', 'no game is running; start one with `npx firedrill game start <scenario>` (`npx firedrill game list` shows past ones)');
  return game;
}

/**
 * `game end`: scores the game while the lab still shows what the investigator left
 * (the submitted report's scorecard, or the scorer's), then resets the lab, archives the
 * game's traces and records the result. A score that cannot be had is recorded as such;
 * the lab is reset regardless, so a broken scorer never leaves an incident running.
 */
export async function endGame(ctx: GameContext, opts: { record?: GameRecord; outcome?: GameOutcome; steps?: number } = {}): Promise<EndResult> {
  const lab = gameLab(ctx);
  const record = opts.record ?? currentGame(ctx.stateDir);
  let score: EndResult['score'];
  let scoreError: string | undefined;
  try {
    if (!record.chaosRun || !record.injectedAt) throw new GameError('not_injected', `game ${record.id} never got its incident injected; nothing to score`);
    const journal = await readDeskJournal(lab.deskUrl).catch(() => undefined);
    ctx.out('scoring ...');
    score = await scoreGame(ctx.stateDir, { run: record.chaosRun, deskUrl: lab.deskUrl, since: record.injectedAt, ...(journal ? { journal } : {}), ...(ctx.scorer ? { scorer: ctx.scorer } : {}) });
  } catch (err) {
    scoreError = (err as Error).message;
  }
  const undone = await resetChaos(lab, (line) => ctx.out(`reset: ${line}`), record.runnerPid);
  ctx.out(`chaos reset: ${undone} change(s) undone`);
  const dir = runDir(ctx.stateDir, record.id);
  const manifest = await archiveGame(lab, { game: record.id, runDir: dir, since: record.startedAt, now: ctx.now() });
  if (manifest.problems.length > 0) ctx.out(`archive: not saved: ${manifest.problems.join('; ')}`);
  const ended: GameRecord = {
    ...record, status: 'ended', endedAt: ctx.now().toISOString(), outcome: opts.outcome ?? 'ended',
    ...(opts.steps !== undefined ? { steps: opts.steps } : {}),
    ...(score ? { score: { total: score.scorecard.total, rootCauseRight: score.scorecard.rootCause.right, mitigated: score.scorecard.mitigated }, reportFile: score.file } : {}),
    ...(scoreError ? { scoreError } : {}),
  };
  createRunIndex(ctx.stateDir).write(ended);
  writeFileSync(join(dir, 'scorecard.json'), `${JSON.stringify({
    game: ended.id, scenario: ended.scenario, by: ended.by, outcome: ended.outcome, steps: ended.steps ?? null, agent: ended.agent ?? null,
    reportFile: score?.file ?? null, scoredFrom: score?.source ?? null, scorecard: score?.scorecard ?? null, ...(scoreError ? { error: scoreError } : {}),
  }, null, 2)}\n`);
  return { record: ended, score, scoreError };
}
