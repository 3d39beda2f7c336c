import { join } from 'node:path';
import { parseGameArgs } from '../game/args.js';
import type { GameContext } from '../game/context.js';
import { endGame } from '../game/end.js';
import { GameError } from '../game/errors.js';
import { listGames } from '../game/list.js';
import { printEnd, runGame } from '../game/run.js';
import { startGame } from '../game/start.js';
import { gameStatus } from '../game/status.js';
import { who } from './deploy.js';
import { CliError } from './start.js';

/** `firedrill game start|status|end|list|run`: game days with a score (lab/game). */
export async function runGameCommand(proc: NodeJS.Process, root: string, version: string, argv: readonly string[]): Promise<number> {
  try {
    const args = parseGameArgs(join(root, '.firedrill'), argv);
    const ctx: GameContext = { root, stateDir: args.stateDir, cluster: args.cluster, version, out: (line) => proc.stdout.write(`${line}\n`), now: () => new Date(), who: who() };
    switch (args.sub) {
      case 'start': {
        const record = await startGame(ctx, { scenario: args.scenario ?? '', ttl: args.ttl, force: args.force, by: ctx.who });
        ctx.out('The incident is live: work it in the slack page and with `npx firedrill tools`; `npx firedrill game status` shows the clock, `npx firedrill game end` scores it.');
        return record.status === 'running' ? 0 : 1;
      }
      case 'status':
        await gameStatus(ctx);
        return 0;
      case 'end': {
        const ended = await endGame(ctx);
        printEnd(ctx, ended.record.id, ended.score?.file, ended.score?.scorecard, ended.scoreError);
        return ended.scoreError === undefined ? 0 : 1;
      }
      case 'list':
        listGames(ctx);
        return 0;
      case 'run': {
        // Ctrl-C stops the agent; the game is still scored and the lab put back before exiting.
        const controller = new AbortController();
        const stop = () => controller.abort();
        proc.once('SIGINT', stop);
        proc.once('SIGTERM', stop);
        try {
          return await runGame(ctx, {
            scenario: args.scenario ?? '', ttl: args.ttl, force: args.force, agentCmd: args.agentCmd ?? '', agentName: args.agentName ?? 'agent',
            maxSteps: args.maxSteps, timeoutMs: args.timeoutMs, incidentWaitMs: args.incidentWaitMs, cwd: proc.cwd(), env: proc.env, signal: controller.signal,
          });
        } finally {
          proc.off('SIGINT', stop);
          proc.off('SIGTERM', stop);
        }
      }
    }
  } catch (err) {
    if (err instanceof GameError) throw new CliError(err.message);
    throw err;
  }
}
