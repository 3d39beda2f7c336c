import type { SeatingDomain } from './domain.js';
import { seededEvents } from './events.js';
import { rowPrices } from './seat-map.js';

/** Stores each seeded event that is absent, with the seat map of the deploy config. */
export async function seedEvents(d: SeatingDomain): Promise<void> {
  const map = { rows: d.deploy.rows, seatsPerRow: d.deploy.seatsPerRow };
  for (const spec of seededEvents) {
    const created = await d.store.seedEvent({ ...spec, ...map }, rowPrices(map, spec.basePriceCents));
    if (created) d.log.info({ eventId: spec.id, ...map }, 'event seeded');
  }
}
