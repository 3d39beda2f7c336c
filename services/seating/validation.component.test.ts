import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestJson, type JsonRequest } from '../../test/support/http.js';
import { errorSchema } from '../../test/support/orders-api.js';
import { sampleValue, scrape } from '../../test/support/prom.js';
import { freshRedisUrl } from '../../test/support/redis.js';
import { startSeating } from '../../test/support/seating.js';

type Seating = Awaited<ReturnType<typeof startSeating>>;

const holder = { name: 'Ann Example', email: 'ann@example.com' };
const path = '/events/keynote-2026/assignments';

interface BadRequest {
  name: string;
  path?: string;
  req: JsonRequest;
  code: string;
  /** The field a schema violation must name, as `field: why`. */
  field?: string;
  /** Any other text the error message must carry. */
  names?: string;
  /** Whether the route saw it (malformed JSON never reaches it). */
  counted: boolean;
}

const cases: BadRequest[] = [
  { name: 'malformed JSON', req: { raw: '{"seat": "A7", "ticketId"' }, code: 'invalid_json', counted: false },
  { name: 'a seat outside the map', req: { json: { seat: 'Z99', ticketId: 't-1', holder } }, code: 'unknown_seat', names: 'rows A-J, seats 1-20', counted: true },
  { name: 'a seat past the row end', req: { json: { seat: 'A21', ticketId: 't-1', holder } }, code: 'unknown_seat', counted: true },
  { name: 'a malformed seat', req: { json: { seat: 'a7', ticketId: 't-1', holder } }, code: 'invalid_request', field: 'seat', counted: true },
  { name: 'a missing ticketId', req: { json: { seat: 'A7', holder } }, code: 'invalid_request', field: 'ticketId', counted: true },
  { name: 'a ticketId with a space', req: { json: { seat: 'A7', ticketId: 't 1', holder } }, code: 'invalid_request', field: 'ticketId', counted: true },
  { name: 'a missing holder', req: { json: { seat: 'A7', ticketId: 't-1' } }, code: 'invalid_request', field: 'holder', counted: true },
  { name: 'a malformed email', req: { json: { seat: 'A7', ticketId: 't-1', holder: { ...holder, email: 'ann' } } }, code: 'invalid_request', field: 'holder.email', counted: true },
  { name: 'an unknown field', req: { json: { seat: 'A7', ticketId: 't-1', holder, priceCents: 1 } }, code: 'invalid_request', names: 'priceCents', counted: true },
  { name: 'a JSON array body', req: { json: [{ seat: 'A7' }] }, code: 'invalid_request', counted: true },
  { name: 'a malformed event id', path: '/events/Key_Note/assignments', req: { json: { seat: 'A7', ticketId: 't-1', holder } }, code: 'invalid_request', names: 'path parameter eventId', counted: true },
];

/** Every key with its value, so "nothing written" means nothing at all changed. */
async function snapshot(seating: Seating): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const key of (await seating.redis.keys('*')).sort()) {
    const type = await seating.redis.type(key);
    const value = type === 'hash' ? await seating.redis.hgetall(key)
      : type === 'list' ? await seating.redis.lrange(key, 0, -1)
        : type === 'set' ? (await seating.redis.smembers(key)).sort()
          : await seating.redis.get(key);
    out[key] = JSON.stringify(value);
  }
  return out;
}

describe('rejected assignments', () => {
  let seating: Seating;
  let before: Record<string, string>;

  beforeAll(async () => {
    seating = await startSeating(await freshRedisUrl(), { deploy: { auditIntervalMs: 3_600_000 } });
    expect((await requestJson(`${seating.url}${path}`, { json: { seat: 'A7', ticketId: 'seed', holder } })).status).toBe(201);
    before = await snapshot(seating);
  });

  afterAll(async () => {
    await seating.stop();
  });

  it('starts from seeded events and one assignment', () => {
    expect(Object.keys(before)).toEqual(expect.arrayContaining(['seating:events', 'seating:event:keynote-2026', 'seating:event:keynote-2026:assignments']));
  });

  it.each(cases)('refuses $name with 400 $code and writes nothing', async (c) => {
    const dbsize = await seating.redis.dbsize();

    const res = await requestJson(`${seating.url}${c.path ?? path}`, c.req);

    expect(res.status).toBe(400);
    const { error } = errorSchema.parse(res.body);
    expect(error.code).toBe(c.code);
    if (c.field !== undefined) expect(error.message).toContain(`${c.field}: `);
    if (c.names !== undefined) expect(error.message).toContain(c.names);
    expect(await seating.redis.dbsize()).toBe(dbsize);
    expect(await snapshot(seating)).toEqual(before);
  });

  it('counted every refusal the route saw as rejected, and no assignment beyond the seed', async () => {
    const metrics = await scrape(seating.url);
    expect(sampleValue(metrics, 'seating_assignments_total', { outcome: 'rejected' })).toBe(cases.filter((c) => c.counted).length);
    expect(sampleValue(metrics, 'seating_assignments_total', { outcome: 'assigned' })).toBe(1);
  });
});
