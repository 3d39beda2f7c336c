import { setTimeout as delay } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import type { EventRecord } from './events.js';
import { keys } from './keys.js';
import type { Assignment } from './model.js';

/**
 * KEYS: event, prices, events set. ARGV: event JSON, event id, then row/price pairs.
 * Writes the event only when it is absent, so a restart never redraws a seat map.
 * Returns 1 when it created the event.
 */
const seedEventLua = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('SET', KEYS[1], ARGV[1])
for i = 3, #ARGV, 2 do redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1]) end
redis.call('SADD', KEYS[3], ARGV[2])
return 1
`;

/**
 * KEYS: ticket, taken hash, assignments list. ARGV: ticket id.
 * Removes every assignment of the ticket from the list and frees its seat, or hands the
 * seat to the last other ticket still assigned to it (a double booking keeps one holder,
 * as the seat map showed one). Returns the seat the ticket held, or false.
 */
const refundTicketLua = `
local seat = redis.call('GET', KEYS[1])
if not seat then return false end
local heir = false
for _, raw in ipairs(redis.call('LRANGE', KEYS[3], 0, -1)) do
  local a = cjson.decode(raw)
  if a.ticketId == ARGV[1] then
    redis.call('LREM', KEYS[3], 0, raw)
  elseif a.seat == seat then
    heir = a.ticketId
  end
end
if redis.call('HGET', KEYS[2], seat) == ARGV[1] then
  if heir then redis.call('HSET', KEYS[2], seat, heir) else redis.call('HDEL', KEYS[2], seat) end
end
redis.call('DEL', KEYS[1])
return seat
`;

export interface SeatingStore {
  seedEvent(event: EventRecord, prices: Record<string, number>): Promise<boolean>;
  listEvents(): Promise<EventRecord[]>;
  getEvent(eventId: string): Promise<EventRecord | undefined>;
  /** The ticket holding the seat, if any. */
  seatHolder(eventId: string, seat: string): Promise<string | undefined>;
  /** seat → ticketId for every taken seat. */
  takenSeats(eventId: string): Promise<Record<string, string>>;
  /** The seat this ticket already holds, if any. */
  ticketSeat(eventId: string, ticketId: string): Promise<string | undefined>;
  rowPrice(eventId: string, row: string): Promise<number | undefined>;
  saveAssignment(assignment: Assignment): Promise<void>;
  listAssignments(eventId: string): Promise<Assignment[]>;
  /** Removes the ticket's assignments and frees its seat atomically; the seat it held, if any. */
  refundTicket(eventId: string, ticketId: string): Promise<string | undefined>;
  /** Records that a double booking was reported; false when it already was. */
  markDuplicateReported(eventId: string, seat: string): Promise<boolean>;
  ping(): Promise<void>;
}

/**
 * The ticketing database on Redis. Each method is one round trip ("query") and pays the
 * configured store latency once, as a query to a remote database would.
 */
export function createSeatingStore(redis: Redis, latencyMs: number): SeatingStore {
  const query = async <T>(fn: () => Promise<T>): Promise<T> => {
    if (latencyMs > 0) await delay(latencyMs);
    return fn();
  };
  const parseEvent = (raw: string | null): EventRecord | undefined => (raw ? (JSON.parse(raw) as EventRecord) : undefined);

  return {
    seedEvent: (event, prices) =>
      query(async () => {
        const pairs = Object.entries(prices).flatMap(([row, cents]) => [row, String(cents)]);
        const created = await redis.eval(seedEventLua, 3, keys.event(event.id), keys.prices(event.id), keys.events, JSON.stringify(event), event.id, ...pairs);
        return created === 1;
      }),
    listEvents: () =>
      query(async () => {
        const ids = (await redis.smembers(keys.events)).sort();
        if (ids.length === 0) return [];
        const raws = await redis.mget(...ids.map(keys.event));
        return raws.map(parseEvent).filter((e): e is EventRecord => e !== undefined);
      }),
    getEvent: (eventId) => query(async () => parseEvent(await redis.get(keys.event(eventId)))),
    seatHolder: (eventId, seat) => query(async () => (await redis.hget(keys.taken(eventId), seat)) ?? undefined),
    takenSeats: (eventId) => query(() => redis.hgetall(keys.taken(eventId))),
    ticketSeat: (eventId, ticketId) => query(async () => (await redis.get(keys.ticket(eventId, ticketId))) ?? undefined),
    rowPrice: (eventId, row) =>
      query(async () => {
        const raw = await redis.hget(keys.prices(eventId), row);
        return raw === null ? undefined : Number(raw);
      }),
    saveAssignment: (a) =>
      query(async () => {
        await redis.multi()
          .hset(keys.taken(a.eventId), a.seat, a.ticketId)
          .set(keys.ticket(a.eventId, a.ticketId), a.seat)
          .rpush(keys.assignments(a.eventId), JSON.stringify(a))
          .exec();
      }),
    listAssignments: (eventId) =>
      query(async () => (await redis.lrange(keys.assignments(eventId), 0, -1)).map((raw) => JSON.parse(raw) as Assignment)),
    refundTicket: (eventId, ticketId) =>
      query(async () => {
        const seat = await redis.eval(refundTicketLua, 3, keys.ticket(eventId, ticketId), keys.taken(eventId), keys.assignments(eventId), ticketId);
        return typeof seat === 'string' ? seat : undefined;
      }),
    markDuplicateReported: (eventId, seat) => query(async () => (await redis.sadd(keys.reportedDuplicates, `${eventId}:${seat}`)) === 1),
    ping: async () => {
      await redis.ping();
    },
  };
}
