import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** One CI/deploy run: what the ci_* tools and the report read. */
export interface DeployRun {
  id: string;
  pipeline: 'deploy';
  service: string;
  commit: string;
  commitShort: string;
  /** Who wrote the commit being deployed. */
  author: string;
  subject: string;
  /** Who ran the deploy. */
  triggeredBy: string;
  status: 'succeeded' | 'failed' | 'rejected';
  startedAt: string;
  finishedAt: string;
  /** The version tag the service runs after a successful deploy. */
  version: string;
  /** The pod that came up, when one did. */
  pod?: string;
  logs: string[];
}

export const runsFile = (stateDir: string) => join(stateDir, 'ci', 'runs.jsonl');

/**
 * The deploy run history: append-only JSONL, fsynced, one complete record per run, so a
 * crash loses at most the run in progress and never a finished one.
 */
export function createRunStore(stateDir: string) {
  const file = runsFile(stateDir);
  const list = (): DeployRun[] => {
    if (!existsSync(file)) return [];
    return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '').flatMap((l) => {
      try {
        return [JSON.parse(l) as DeployRun];
      } catch {
        // A torn last line after a crash: the finished runs before it still count.
        return [];
      }
    });
  };
  return {
    file,
    list,
    nextId: () => `run-${String(list().length + 1).padStart(4, '0')}`,
    append(run: DeployRun): DeployRun {
      mkdirSync(dirname(file), { recursive: true });
      const fd = openSync(file, 'a');
      try {
        writeSync(fd, `${JSON.stringify(run)}\n`);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      return run;
    },
  };
}

export type RunStore = ReturnType<typeof createRunStore>;
