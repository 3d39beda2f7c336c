import type { ClusterTarget } from '../cli/cluster-target.js';
import type { GameScorer } from './score.js';

/** What every game command is handed: where it runs, how it talks, and its clock. */
export interface GameContext {
  /** The clone (scenario packs, dist/). */
  root: string;
  stateDir: string;
  /** The lab on Kubernetes (`--runtime kubernetes --namespace N`, run inside its namespace); else the local lab. */
  cluster?: ClusterTarget | undefined;
  version: string;
  /** One line of progress or result for the person at the terminal. */
  out(line: string): void;
  now(): Date;
  /** The person running the command (OS user). */
  who: string;
  /** How a game without a submitted report is scored; the desk's POST /game/score by default. */
  scorer?: GameScorer;
}

/** `HH:MM:SS` in UTC, the lab's clock in progress lines. */
export const clock = (d: Date) => d.toISOString().slice(11, 19);
