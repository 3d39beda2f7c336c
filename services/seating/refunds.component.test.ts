import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { requestJson } from '../../test/support/http.js';
import { errorSchema } from '../../test/support/orders-api.js';
import { sampleValue, scrape } from '../../test/support/prom.js';
import { promtoolProblems } from '../../test/support/promtool.js';
import { freshRedisUrl } from '../../test/support/redis.js';
import { assignedSchema, auditSchema, seatsSchema } from '../../test/support/seating-api.js';
import { startSeating } from '../../test/support/seating.js';

type Seating = Awaited<ReturnType<typeof startSeating>>;
const running: Seating[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});

async function start(storeLatencyMs = 0): Promise<Seating> {
  const seating = await startSeating(await freshRedisUrl(), { deploy: { auditIntervalMs: 3_600_000 }, storeLatencyMs });
  running.push(seating);
  return seating;
}

const refundSchema = z.object({ refund: z.object({ eventId: z.string(), ticketId: z.string(), seat: z.string() }).strict() }).strict();
const holder = (i: number) => ({ name: `Buyer ${i}`, email: `buyer${i}@example.com` });
const event = 'keynote-2026';
const assign = (seating: Seating, seat: string, ticketId: string, i = 0) =>
  requestJson(`${seating.url}/events/${event}/assignments`, { json: { seat, ticketId, holder: holder(i) } });
const refund = (seating: Seating, ticketId: string, eventId = event) =>
  requestJson(`${seating.url}/events/${eventId}/assignments/${ticketId}`, { method: 'DELETE' });
const seatOf = async (seating: Seating, seat: string) =>
  seatsSchema.parse((await requestJson(`${seating.url}/events/${event}/seats`)).body).seats.find((s) => s.seat === seat)?.status;
const audit = async (seating: Seating) => auditSchema.parse((await requestJson(`${seating.url}/audit`)).body);

describe('refunding a ticket', () => {
  it('frees the seat, drops the assignment and lets the ticket and the seat be assigned again', async () => {
    const seating = await start();
    expect((await assign(seating, 'B3', 'tkt-1')).status).toBe(201);
    expect((await assign(seating, 'B4', 'tkt-2')).status).toBe(201);

    const res = await refund(seating, 'tkt-1');
    expect(res.status).toBe(200);
    expect(refundSchema.parse(res.body)).toEqual({ refund: { eventId: event, ticketId: 'tkt-1', seat: 'B3' } });

    expect(await seatOf(seating, 'B3')).toBe('free');
    expect(await seatOf(seating, 'B4')).toBe('taken');
    const stored = (await seating.redis.lrange(`seating:event:${event}:assignments`, 0, -1)).map((raw) => (JSON.parse(raw) as { ticketId: string }).ticketId);
    expect(stored).toEqual(['tkt-2']);
    expect(await seating.redis.exists(`seating:event:${event}:ticket:tkt-1`)).toBe(0);

    expect((await assign(seating, 'B3', 'tkt-3')).status, 'the seat is for sale again').toBe(201);
    expect((await assign(seating, 'C1', 'tkt-1')).status, 'the refunded ticket may be seated again').toBe(201);

    const metrics = await scrape(seating.url);
    expect(sampleValue(metrics, 'seating_refunds_total')).toBe(1);
    expect(promtoolProblems(metrics)).toEqual([]);
  });

  it('answers 404 ticket_not_found for a ticket without a seat, including one refunded already', async () => {
    const seating = await start();
    expect((await assign(seating, 'A1', 'tkt-1')).status).toBe(201);
    expect((await refund(seating, 'tkt-1')).status).toBe(200);

    for (const res of [await refund(seating, 'tkt-1'), await refund(seating, 'never-sold')]) {
      expect(res.status).toBe(404);
      expect(errorSchema.parse(res.body).error.code).toBe('ticket_not_found');
    }
    const other = await refund(seating, 'tkt-1', 'no-such-event');
    expect(other.status).toBe(404);
    expect(errorSchema.parse(other.body).error.code).toBe('event_not_found');
    const bad = await refund(seating, 'tkt%201');
    expect(bad.status).toBe(400);
    expect(errorSchema.parse(bad.body).error.message).toContain('path parameter ticketId');
    expect(sampleValue(await scrape(seating.url), 'seating_refunds_total')).toBe(1);
  });

  it('un-doubles a double-booked seat: the audit stops counting it, the seat stays with the other ticket until it is refunded too', async () => {
    const seating = await start(5);
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => assign(seating, 'E10', `tkt-${i}`, i)));
    const won = results.filter((r) => r.status === 201).map((r) => assignedSchema.parse(r.body).assignment.ticketId);
    expect(won.length, 'the race double-booked the seat').toBeGreaterThan(1);
    expect((await audit(seating)).duplicateSeats).toBe(1);

    const [keep, ...others] = won;
    for (const ticketId of others) expect((await refund(seating, ticketId)).status).toBe(200);

    const after = await audit(seating);
    expect(after.duplicateSeats).toBe(0);
    expect(after.events.find((e) => e.eventId === event)).toEqual({ eventId: event, assignments: 1, duplicateSeats: 0 });
    expect(await seatOf(seating, 'E10')).toBe('taken');
    expect(await seating.redis.hget(`seating:event:${event}:taken`, 'E10')).toBe(keep);
    expect(sampleValue(await scrape(seating.url), 'seating_duplicate_seat_assignments', { event })).toBe(0);

    expect((await refund(seating, keep ?? '')).status).toBe(200);
    expect(await seatOf(seating, 'E10')).toBe('free');
    expect((await audit(seating)).events.find((e) => e.eventId === event)?.assignments).toBe(0);
  });
});
