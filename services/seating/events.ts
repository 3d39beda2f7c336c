import type { SeatMap } from './seat-map.js';

/** What an event is before it has a seat map; the seat map comes from the deploy config. */
export interface EventSpec {
  id: string;
  name: string;
  venue: string;
  startsAt: string;
  basePriceCents: number;
}

export interface EventRecord extends EventSpec, SeatMap {}

/** Events seeded at start when absent. Prices in cents. */
export const seededEvents: readonly EventSpec[] = Object.freeze([
  { id: 'keynote-2026', name: 'Firedrill Keynote 2026', venue: 'Hall A', startsAt: '2026-11-30T09:00:00Z', basePriceCents: 8900 },
  { id: 'chaos-workshop-2026', name: 'Chaos Engineering Workshop', venue: 'Room 204', startsAt: '2026-11-30T13:30:00Z', basePriceCents: 14900 },
  { id: 'postmortem-party-2026', name: 'Postmortem Party', venue: 'Rooftop', startsAt: '2026-11-30T19:00:00Z', basePriceCents: 3900 },
].map((e) => Object.freeze(e)));
