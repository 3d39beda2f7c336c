import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { readJsonl } from '../../services/kit/jsonl.js';

export const runsDir = (stateDir: string) => join(stateDir, 'runs');
export const runDir = (stateDir: string, id: string) => join(runsDir(stateDir), id);
export const indexFile = (stateDir: string) => join(runsDir(stateDir), 'index.jsonl');

/** How a game ended: the agent finished, ran out of steps or time, failed; or a person ended it. */
export type GameOutcome = 'completed' | 'budget_exhausted' | 'timeout' | 'agent_failed' | 'ended' | 'abandoned' | 'interrupted';

/** The three figures `game list` compares runs by. */
export interface ScoreSummary {
  total: number;
  rootCauseRight: boolean;
  mitigated: boolean;
}

/** One game as `<stateDir>/runs/index.jsonl` records it. */
export interface GameRecord {
  id: string;
  scenario: string;
  startedAt: string;
  /** The person (OS user) for `game start`, `agent:<name>` for `game run`. */
  by: string;
  status: 'starting' | 'running' | 'ended' | 'failed';
  /** The chaos run that holds the incident, and when it was injected. */
  chaosRun?: string;
  injectedAt?: string;
  /** The detached `chaos inject` process. */
  runnerPid?: number;
  agent?: { name: string; command: string; maxSteps: number; timeoutMs: number };
  endedAt?: string;
  outcome?: GameOutcome;
  /** Tool calls the agent made (game run). */
  steps?: number;
  score?: ScoreSummary;
  scoreError?: string;
  reportFile?: string;
  /** Why a game could not start. */
  error?: string;
}

/** `game-20261130T081502-3fa1`: sortable by time, unique enough for one lab. */
export function newGameId(now: Date): string {
  return `game-${now.toISOString().replace(/[-:]/g, '').slice(0, 15)}-${randomBytes(2).toString('hex')}`;
}

/**
 * The run index: append-only JSONL, a full record per line; a game's latest line is its
 * state, so a crash mid-game leaves the last state written and never a half-edited file.
 */
export function createRunIndex(stateDir: string) {
  const file = indexFile(stateDir);
  // A torn last line from a crash is skipped: the states before it still stand.
  const lines = (): GameRecord[] => readJsonl<GameRecord>(file);
  return {
    file,
    write(record: GameRecord): GameRecord {
      mkdirSync(runsDir(stateDir), { recursive: true });
      appendFileSync(file, `${JSON.stringify(record)}\n`);
      return record;
    },
    /** Every game in the order it started, each in its latest state. */
    list(): GameRecord[] {
      const latest = new Map<string, GameRecord>();
      for (const r of lines()) latest.set(r.id, r);
      return [...latest.values()].sort((a, b) => a.startedAt.localeCompare(b.startedAt));
    },
    /** The newest game still starting or running, if any. */
    current(): GameRecord | undefined {
      return this.list().filter((r) => r.status === 'running' || r.status === 'starting').at(-1);
    },
    find(id: string): GameRecord | undefined {
      return this.list().find((r) => r.id === id);
    },
  };
}

export type RunIndex = ReturnType<typeof createRunIndex>;
