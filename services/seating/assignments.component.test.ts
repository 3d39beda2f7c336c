import { afterEach, describe, expect, it } from 'vitest';
import { requestJson } from '../../test/support/http.js';
import { errorSchema } from '../../test/support/orders-api.js';
import { sampleValue, scrape } from '../../test/support/prom.js';
import { promtoolProblems } from '../../test/support/promtool.js';
import { freshRedisUrl } from '../../test/support/redis.js';
import { assignedSchema, auditSchema, eventsSchema, seatsSchema } from '../../test/support/seating-api.js';
import { startSeating, type SeatingOverrides } from '../../test/support/seating.js';

type Seating = Awaited<ReturnType<typeof startSeating>>;
const running: Seating[] = [];

async function start(redisUrl?: string, overrides: SeatingOverrides = {}): Promise<Seating> {
  const seating = await startSeating(redisUrl ?? (await freshRedisUrl()), overrides);
  running.push(seating);
  return seating;
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});

const holder = { name: 'Ann Example', email: 'ann@example.com' };
const assign = (seating: Seating, seat: string, ticketId: string, eventId = 'keynote-2026') =>
  requestJson(`${seating.url}/events/${eventId}/assignments`, { json: { seat, ticketId, holder } });

describe('events and seat maps', () => {
  it('seeds the events with the configured seat map, all seats free', async () => {
    const seating = await start(undefined, { deploy: { rows: 10, seatsPerRow: 20 } });

    const { events } = eventsSchema.parse((await requestJson(`${seating.url}/events`)).body);
    expect(events.map((e) => e.id)).toEqual(['chaos-workshop-2026', 'keynote-2026', 'postmortem-party-2026']);
    for (const e of events) expect(e).toMatchObject({ rows: 10, seatsPerRow: 20 });

    const seats = seatsSchema.parse((await requestJson(`${seating.url}/events/keynote-2026/seats`)).body);
    expect(seats).toMatchObject({ eventId: 'keynote-2026', free: 200, taken: 0 });
    expect(seats.seats[0]).toEqual({ seat: 'A1', status: 'free' });
    expect(seats.seats.at(-1)).toEqual({ seat: 'J20', status: 'free' });
  });

  it('keeps a stored event as it is when restarted with another seat map', async () => {
    const redisUrl = await freshRedisUrl();
    const first = await start(redisUrl, { deploy: { rows: 3, seatsPerRow: 4 } });
    expect((await assign(first, 'C4', 'tkt-1')).status).toBe(201);
    await first.stop();
    running.splice(running.indexOf(first), 1);

    const second = await start(redisUrl, { deploy: { rows: 10, seatsPerRow: 20 } });
    const seats = seatsSchema.parse((await requestJson(`${second.url}/events/keynote-2026/seats`)).body);
    expect(seats).toMatchObject({ free: 11, taken: 1 });
    expect(seats.seats.find((s) => s.seat === 'C4')).toEqual({ seat: 'C4', status: 'taken' });
    expect(second.logs.filter((l) => l.msg === 'event seeded')).toEqual([]);
  });

  it('answers 404 event_not_found for an unknown event', async () => {
    const seating = await start();
    for (const res of [await requestJson(`${seating.url}/events/no-such-event/seats`), await assign(seating, 'A1', 'tkt-1', 'no-such-event')]) {
      expect(res.status).toBe(404);
      expect(errorSchema.parse(res.body).error.code).toBe('event_not_found');
    }
  });
});

describe('assigning seats one after another', () => {
  it('assigns a free seat, priced by its row, and refuses the same seat next with 409 seat_taken', async () => {
    const seating = await start();

    const first = await assign(seating, 'A7', 'tkt-1');
    expect(first.status).toBe(201);
    const { assignment } = assignedSchema.parse(first.body);
    expect(assignment).toMatchObject({ eventId: 'keynote-2026', seat: 'A7', ticketId: 'tkt-1', holder, priceCents: 13_350, currency: 'USD' });

    const second = await assign(seating, 'A7', 'tkt-2');
    expect(second.status).toBe(409);
    expect(errorSchema.parse(second.body).error).toEqual({ code: 'seat_taken', message: 'seat A7 of keynote-2026 is already taken' });

    const seats = seatsSchema.parse((await requestJson(`${seating.url}/events/keynote-2026/seats`)).body);
    expect(seats).toMatchObject({ free: 199, taken: 1 });
    expect(await seating.redis.llen('seating:event:keynote-2026:assignments')).toBe(1);
    expect(await seating.redis.hget('seating:event:keynote-2026:taken', 'A7')).toBe('tkt-1');

    const metrics = await scrape(seating.url);
    expect(sampleValue(metrics, 'seating_assignments_total', { outcome: 'assigned' })).toBe(1);
    expect(sampleValue(metrics, 'seating_assignments_total', { outcome: 'seat_taken' })).toBe(1);
    expect(sampleValue(metrics, 'seating_assignments_total', { outcome: 'rejected' })).toBe(0);
  });

  it('refuses a ticket that already holds a seat with 409 ticket_already_seated', async () => {
    const seating = await start();
    expect((await assign(seating, 'B1', 'tkt-1')).status).toBe(201);

    const again = await assign(seating, 'B2', 'tkt-1');
    expect(again.status).toBe(409);
    expect(errorSchema.parse(again.body).error.code).toBe('ticket_already_seated');
    // The same ticket id at another event is another ticket.
    expect((await assign(seating, 'B2', 'tkt-1', 'postmortem-party-2026')).status).toBe(201);
    expect(sampleValue(await scrape(seating.url), 'seating_assignments_total', { outcome: 'rejected' })).toBe(1);
  });

  it('audits clean after sequential assignments, and exports clean metrics', async () => {
    const seating = await start();
    for (const [i, seat] of ['A1', 'A2', 'A1', 'C3'].entries()) await assign(seating, seat, `tkt-${i}`);

    const audit = auditSchema.parse((await requestJson(`${seating.url}/audit`)).body);
    expect(audit.duplicateSeats).toBe(0);
    expect(audit.duplicates).toEqual([]);
    expect(audit.events.find((e) => e.eventId === 'keynote-2026')).toEqual({ eventId: 'keynote-2026', assignments: 3, duplicateSeats: 0 });

    const metrics = await scrape(seating.url);
    for (const event of ['keynote-2026', 'chaos-workshop-2026', 'postmortem-party-2026']) {
      expect(sampleValue(metrics, 'seating_duplicate_seat_assignments', { event })).toBe(0);
    }
    expect(sampleValue(metrics, 'seating_audit_runs_total')).toBeGreaterThanOrEqual(1);
    expect(metrics).toMatch(/seating_http_requests_total\{/);
    expect(promtoolProblems(metrics)).toEqual([]);
    expect(seating.logs.filter((l) => l.msg === 'duplicate seat assignments found')).toEqual([]);
  });

  it('answers readiness once Redis answers and the events are seeded', async () => {
    const seating = await start();
    const ready = await requestJson(`${seating.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: 'ready', service: 'seating', checks: { redis: 'ok', events: 'ok' } });
  });
});
