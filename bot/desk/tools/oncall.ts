import { z } from 'zod';
import type { OncallSchedule } from '../../../chaos/scenario/world-schema.js';
import { ToolError } from '../registry/errors.js';
import { defineTool, type Tool } from '../registry/tool.js';
import type { DeskSources } from '../sources.js';
import { onCallAt, resolveLayer, shiftsBetween, type Shift } from './oncall-shifts.js';
import { unknownName } from './shop.js';
import { createWorldSource, findName, momentArg, resolveMoment, type WorldView } from './world.js';

const DAY = 86_400_000;
const MAX_RANGE_DAYS = 31;
const SHIFT_CAP = 60;

function schedulesOf(v: WorldView) {
  return v.world.oncall.schedules;
}

function scheduleNamed(v: WorldView, field: string, value: string): OncallSchedule {
  const all = schedulesOf(v);
  const id = findName(value, all.map((s) => s.id)) ?? all.find((s) => s.name.toLowerCase() === value.trim().toLowerCase())?.id;
  const found = all.find((s) => s.id === id);
  if (!found) throw unknownName(field, 'schedule', value, all.map((s) => s.id));
  return found;
}

function shiftOut(v: WorldView, s: Shift) {
  const person = v.world.oncall.people.find((p) => p.handle === s.who);
  return {
    handle: s.who, name: person?.name ?? s.who,
    since: new Date(s.start).toISOString(), until: new Date(s.end).toISOString(),
    ...(s.override !== undefined ? { override: s.override } : {}),
  };
}

const at = (v: WorldView) => (offset: string) => Date.parse(v.at(offset));

export function createOncallTools(sources: Pick<DeskSources, 'root' | 'stateDir'>): Tool[] {
  const worlds = createWorldSource(sources);
  return [
    defineTool({
      name: 'oncall_who_is_on_call', family: 'oncall', kind: 'read',
      description: 'Who is on call right now, per schedule and layer (primary, secondary), with the shift\'s start and end and any override; filter by schedule id or team.',
      args: z.object({
        schedule: z.string().trim().min(1).max(80).optional().describe('A schedule id such as fulfillment, orders, platform or ticketing; every schedule when omitted.'),
        team: z.string().trim().min(1).max(80).optional().describe('Only schedules of this team, e.g. Orders (any case).'),
      }).strict(),
      run: async (args, ctx) => {
        const v = worlds.view(ctx.now());
        let schedules = schedulesOf(v);
        if (args.schedule !== undefined) schedules = [scheduleNamed(v, 'schedule', args.schedule)];
        if (args.team !== undefined) {
          const teams = [...new Set(schedulesOf(v).map((s) => s.team))];
          const team = findName(args.team, teams);
          if (!team) throw unknownName('team', 'team', args.team, teams);
          schedules = schedules.filter((s) => s.team === team);
        }
        const now = v.now.getTime();
        const onCall = schedules.flatMap((s) => s.layers.map((layer) => ({
          schedule: s.id, team: s.team, layer: layer.name,
          ...shiftOut(v, onCallAt(resolveLayer(s, layer, at(v)), now)),
          escalateAfterMinutes: layer.escalateAfterMinutes ?? null,
        })));
        return { scenario: v.scenario, at: v.now.toISOString(), onCall };
      },
    }),
    defineTool({
      name: 'oncall_get_schedule', family: 'oncall', kind: 'read',
      description: 'One on-call schedule\'s shifts per layer between two times (default the week before and after now), overrides included; use it to see who was on call when something happened.',
      args: z.object({
        schedule: z.string().trim().min(1).max(80).describe('A schedule id such as fulfillment (oncall_who_is_on_call lists them).'),
        since: momentArg.optional().describe('From when: ISO time, a duration ago (2d) or an offset (-2d, "-1d 09:00"); default 7 days ago.'),
        until: momentArg.optional().describe('Until when, same forms plus the future (+7d); default 7 days from now; at most 31 days after since.'),
      }).strict(),
      run: async (args, ctx) => {
        const v = worlds.view(ctx.now());
        const s = scheduleNamed(v, 'schedule', args.schedule);
        const now = v.now.getTime();
        const since = args.since !== undefined ? resolveMoment(args.since, v.now) : now - 7 * DAY;
        const until = args.until !== undefined ? resolveMoment(args.until, v.now) : now + 7 * DAY;
        if (until <= since) throw new ToolError('invalid_arguments', 400, `until (${new Date(until).toISOString()}) must be after since (${new Date(since).toISOString()})`, { field: 'until' });
        if (until - since > MAX_RANGE_DAYS * DAY) throw new ToolError('invalid_arguments', 400, `until: at most ${MAX_RANGE_DAYS} days after since`, { field: 'until' });
        const layers = s.layers.map((layer) => {
          const { shifts, truncated } = shiftsBetween(resolveLayer(s, layer, at(v)), since, until, SHIFT_CAP);
          return { layer: layer.name, rotation: layer.members, shiftLength: layer.shift, escalateAfterMinutes: layer.escalateAfterMinutes ?? null, truncated, shifts: shifts.map((x) => shiftOut(v, x)) };
        });
        return {
          scenario: v.scenario, schedule: { id: s.id, name: s.name, team: s.team },
          since: new Date(since).toISOString(), until: new Date(until).toISOString(), layers,
        };
      },
    }),
  ];
}
