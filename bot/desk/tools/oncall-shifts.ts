import type { OncallSchedule } from '../../../chaos/scenario/world-schema.js';
import { spanMs } from '../../../chaos/scenario/world-time.js';

type Layer = OncallSchedule['layers'][number];

/** A layer with its times resolved: who is on call is derived from these, never stored. */
export interface ResolvedLayer {
  name: string;
  start: number;
  shift: number;
  members: readonly string[];
  overrides: Array<{ who: string; start: number; end: number; note: string }>;
}

export interface Shift {
  who: string;
  start: number;
  end: number;
  /** Set when an override, not the rotation, puts `who` on call. */
  override?: string;
}

export function resolveLayer(s: OncallSchedule, layer: Layer, at: (offset: string) => number): ResolvedLayer {
  return {
    name: layer.name, start: at(layer.start), shift: spanMs(layer.shift), members: layer.members,
    overrides: s.overrides.filter((o) => o.layer === layer.name).map((o) => ({ who: o.who, start: at(o.start), end: at(o.end), note: o.note })),
  };
}

/** The rotation's shift at `t`: it runs both ways from the layer's start. */
function rotationAt(l: ResolvedLayer, t: number): Shift {
  const n = Math.floor((t - l.start) / l.shift);
  const who = l.members[((n % l.members.length) + l.members.length) % l.members.length] ?? '';
  return { who, start: l.start + n * l.shift, end: l.start + (n + 1) * l.shift };
}

/** The override in force at `t`, the last listed winning. */
const overrideAt = (l: ResolvedLayer, t: number) => l.overrides.filter((o) => o.start <= t && t < o.end).at(-1);

/** Who is on call at `t`, and the span of that stretch (rotation shift cut by overrides). */
export function onCallAt(l: ResolvedLayer, t: number): Shift {
  const o = overrideAt(l, t);
  if (o) return { who: o.who, start: o.start, end: o.end, override: o.note };
  const r = rotationAt(l, t);
  const before = l.overrides.filter((x) => x.end <= t && x.end > r.start).map((x) => x.end);
  const after = l.overrides.filter((x) => x.start > t && x.start < r.end).map((x) => x.start);
  return { who: r.who, start: Math.max(r.start, ...before), end: Math.min(r.end, ...after) };
}

/** Every stretch of the layer overlapping [since, until), oldest first, at most `cap` of them. */
export function shiftsBetween(l: ResolvedLayer, since: number, until: number, cap: number): { shifts: Shift[]; truncated: boolean } {
  const shifts: Shift[] = [];
  let t = since;
  while (t < until) {
    if (shifts.length === cap) return { shifts, truncated: true };
    const s = onCallAt(l, t);
    const last = shifts.at(-1);
    if (last && last.who === s.who && last.override === s.override && last.end === s.start) last.end = s.end;
    else shifts.push({ ...s });
    t = s.end;
  }
  return { shifts, truncated: false };
}
