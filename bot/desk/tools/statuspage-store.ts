import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { ToolError } from '../registry/errors.js';

export const componentStatuses = ['operational', 'degraded_performance', 'partial_outage', 'major_outage'] as const;
export type ComponentStatus = (typeof componentStatuses)[number];

/** What the shop's customers see on its status page: the deployables they depend on. */
export const statuspageComponents = ['storefront', 'orders', 'fulfillment', 'seating'] as const;

const update = z.object({
  at: z.string(),
  component: z.string(),
  status: z.enum(componentStatuses),
  message: z.string(),
  by: z.string(),
  /** The status-page incident the update belongs to; null for an all-clear with none open. */
  incidentId: z.string().nullable(),
});

const incident = z.object({
  id: z.string(),
  component: z.string(),
  /** The first update's message, as a status page titles an incident. */
  title: z.string(),
  openedAt: z.string(),
  resolvedAt: z.string().nullable(),
});

const stateSchema = z.object({
  components: z.record(z.string(), z.object({ status: z.enum(componentStatuses), updatedAt: z.string().nullable() })),
  incidents: z.array(incident),
  updates: z.array(update),
});

export type StatusUpdate = z.output<typeof update>;
export type StatusIncident = z.output<typeof incident>;
export type StatuspageState = z.output<typeof stateSchema>;

function initialState(): StatuspageState {
  return { components: Object.fromEntries(statuspageComponents.map((c) => [c, { status: 'operational' as const, updatedAt: null }])), incidents: [], updates: [] };
}

/**
 * The lab's status page, kept in `<stateDir>/desk/statuspage.json`. Updates follow the
 * Statuspage model: a component leaving operational opens an incident, later updates
 * append to it, and going back to operational resolves it. Writes go to a temp file
 * renamed over the old one, so a reader never sees half a file.
 */
export function createStatuspageStore(stateDir: string) {
  const file = join(stateDir, 'desk', 'statuspage.json');
  const unreadable = (why: string) => new ToolError('statuspage_unreadable', 500, `${file} is not a status page state (${why}); delete it to start over`);

  function read(): StatuspageState {
    let raw: string;
    try {
      raw = readFileSync(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return initialState();
      throw err;
    }
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      throw unreadable('not valid JSON');
    }
    const parsed = stateSchema.safeParse(json);
    if (!parsed.success) throw unreadable(parsed.error.issues[0]?.message ?? 'invalid');
    return parsed.data;
  }

  function write(state: StatuspageState): void {
    mkdirSync(dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(state, null, 2)}\n`);
    renameSync(tmp, file);
  }

  return {
    file,
    read,
    /** Records one update (synchronously: two updates cannot interleave) and returns it with its incident. */
    update(u: { component: string; status: ComponentStatus; message: string; by: string; at: Date }): { update: StatusUpdate; incident: StatusIncident | null } {
      const state = read();
      const at = u.at.toISOString();
      let open = state.incidents.find((i) => i.component === u.component && i.resolvedAt === null) ?? null;
      if (!open && u.status !== 'operational') {
        open = { id: `SP${String(state.incidents.length + 1).padStart(4, '0')}`, component: u.component, title: u.message, openedAt: at, resolvedAt: null };
        state.incidents.push(open);
      }
      if (open && u.status === 'operational') open.resolvedAt = at;
      const entry: StatusUpdate = { at, component: u.component, status: u.status, message: u.message, by: u.by, incidentId: open?.id ?? null };
      state.updates.push(entry);
      state.components[u.component] = { status: u.status, updatedAt: at };
      write(state);
      return { update: entry, incident: open };
    },
  };
}

export type StatuspageStore = ReturnType<typeof createStatuspageStore>;
