import type { GameContext } from './context.js';
import { createRunIndex } from './runs.js';
import { formatRunList } from './table.js';

/** `game list`: every game of this state dir, oldest first, with its outcome and score. */
export function listGames(ctx: GameContext): void {
  ctx.out(formatRunList(createRunIndex(ctx.stateDir).list()).trimEnd());
}
