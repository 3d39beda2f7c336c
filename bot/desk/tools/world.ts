import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { createJournal as createChaosJournal } from '../../../chaos/runner/journal.js';
import { scenariosDir } from '../../../chaos/scenario/load.js';
import { worldFiles, type World } from '../../../chaos/scenario/world-schema.js';
import { isOffset, resolveOffset } from '../../../chaos/scenario/world-time.js';
import { hasWorld, loadWorld, WorldError, worldDir } from '../../../chaos/scenario/world.js';
import { ToolError } from '../registry/errors.js';
import type { DeskSources } from '../sources.js';
import { resolveWhen, when } from './when.js';

/** The world the desk serves when no chaos run has happened yet. */
export const DEFAULT_SCENARIO = 'storefront-offline';

const worldFileNames = Object.keys(worldFiles);

/** One call's view of the scenario's world: the files, and the clock their offsets resolve against. */
export interface WorldView {
  /** What every result names: the scenario, or `storefront-offline (none injected)`. */
  scenario: string;
  world: World;
  /** The run's injection time, or the call's now when nothing was injected. */
  anchor: Date;
  now: Date;
  /** An offset from a world file ("-3d 14:20") as an ISO time. */
  at(offset: string): string;
  /** Whether an offset has happened by now: later comments and tickets stay hidden until then. */
  happened(offset: string): boolean;
}

/**
 * The Jira, wiki, on-call and terraform fixtures of the scenario of the latest chaos run in
 * the state dir (storefront-offline's when there was none). Looked up on every call, so a
 * new injection or an edited world file shows at once.
 */
export function createWorldSource(sources: Pick<DeskSources, 'root' | 'stateDir'>) {
  const chaos = createChaosJournal(sources.stateDir);
  // Parsing a world takes tens of milliseconds; files that kept their size and mtime hold the same world.
  const cache = new Map<string, { key: string; world: World }>();
  const load = (packDir: string): World => {
    const key = worldFileNames.map((n) => {
      const st = statSync(join(worldDir(packDir), `${n}.yaml`), { throwIfNoEntry: false });
      return st ? `${st.size}:${st.mtimeMs}` : '-';
    }).join('|');
    const hit = cache.get(packDir);
    if (hit?.key === key) return hit.world;
    const world = loadWorld(packDir);
    cache.set(packDir, { key, world });
    return world;
  };
  return {
    view(now: Date): WorldView {
      const run = chaos.read().filter((r) => r.type === 'run').at(-1);
      const name = run?.type === 'run' ? run.scenario : DEFAULT_SCENARIO;
      const packDir = join(scenariosDir(sources.root), name);
      if (!existsSync(packDir) || !hasWorld(packDir)) {
        throw new ToolError('world_unavailable', 404, `scenario ${name} has no world files (expected ${join(packDir, 'world')}/{jira,wiki,oncall,terraform}.yaml)`);
      }
      let world: World;
      try {
        world = load(packDir);
      } catch (err) {
        if (!(err instanceof WorldError)) throw err;
        throw new ToolError('invalid_world', 503, `${err.message}\nfix the file(s); \`npx firedrill chaos validate ${name}\` lists every problem`, { cause: err });
      }
      const anchor = run?.type === 'run' ? new Date(run.at) : now;
      return {
        scenario: run ? name : `${name} (none injected)`,
        world, anchor, now,
        at: (offset) => resolveOffset(offset, anchor).toISOString(),
        happened: (offset) => resolveOffset(offset, anchor) <= now,
      };
    },
  };
}

export type WorldSource = ReturnType<typeof createWorldSource>;

/** A point in time as an agent writes it: anything `when` takes, or an offset such as +7d or "-2d 09:00". */
export const momentArg = z.string().trim().min(1).refine((s) => when.safeParse(s).success || isOffset(s), {
  message: 'expected an ISO time, epoch seconds, a duration ago (2h, 3d) or an offset from now (-2d, +7d, "-1d 09:00")',
});

export function resolveMoment(text: string, now: Date): number {
  return isOffset(text) ? resolveOffset(text, now).getTime() : resolveWhen(text, now);
}

/** A name matched without regard to case, or undefined. */
export function findName(value: string, names: readonly string[]): string | undefined {
  const v = value.trim().toLowerCase();
  return names.find((n) => n.toLowerCase() === v);
}
