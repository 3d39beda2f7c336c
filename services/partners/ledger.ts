import type { ChainableCommander, Redis } from 'ioredis';
import { keys } from './keys.js';

const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;
const SHIPMENT_STREAM_MAX_LEN = 100_000;

/**
 * KEYS: stats, batches, shipments stream, idempotency key (or '' when none).
 * ARGV: partner, batchId, itemCount, attempt, order count, key TTL seconds, stream max length, now ms.
 * Returns {'duplicate_key', shipmentId} when the key was seen, else {'shipped', shipmentId, timesShipped}.
 */
const shipLua = `
if KEYS[4] ~= '' then
  local existing = redis.call('GET', KEYS[4])
  if existing then return {'duplicate_key', existing} end
end
local seq = redis.call('HINCRBY', KEYS[1], 'shipments', 1)
local id = ARGV[1] .. '-s' .. string.format('%07d', seq)
local times = redis.call('HINCRBY', KEYS[2], ARGV[2], 1)
if times > 1 then
  redis.call('HINCRBY', KEYS[1], 'duplicateShipments', 1)
  redis.call('HINCRBY', KEYS[1], 'duplicateItems', tonumber(ARGV[3]))
end
if KEYS[4] ~= '' then redis.call('SET', KEYS[4], id, 'EX', tonumber(ARGV[6])) end
redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[7], '*', 'shipmentId', id, 'batchId', ARGV[2],
  'itemCount', ARGV[3], 'attempt', ARGV[4], 'orders', ARGV[5], 'keyed', KEYS[4] ~= '' and '1' or '0', 'at', ARGV[8])
return {'shipped', id, times}
`;

export interface Shipment {
  batchId: string;
  attempt: number;
  orderCount: number;
  itemCount: number;
  idempotencyKey: string | undefined;
}

export type AcceptResult =
  | { status: 'shipped'; shipmentId: string; timesShipped: number }
  | { status: 'duplicate_key'; shipmentId: string };

export interface PartnerTotals {
  shipments: number;
  distinctBatches: number;
  duplicateShipments: number;
  duplicateItems: number;
}

export interface PartnerTruth extends PartnerTotals {
  batches: Record<string, number>;
}

export interface Ledger {
  /** Dedupes by Idempotency-Key only; otherwise records the shipment, counting repeats of a batch. */
  accept(partner: string, shipment: Shipment): Promise<AcceptResult>;
  totals(partners: readonly string[]): Promise<Record<string, PartnerTotals>>;
  truth(partners: readonly string[]): Promise<Record<string, PartnerTruth>>;
  ping(): Promise<void>;
}

function toTotals(stats: Record<string, string>, distinctBatches: number): PartnerTotals {
  return {
    shipments: Number(stats.shipments ?? 0),
    distinctBatches,
    duplicateShipments: Number(stats.duplicateShipments ?? 0),
    duplicateItems: Number(stats.duplicateItems ?? 0),
  };
}

/** What every partner shipped: the ground truth of a run's impact, kept in Redis so it outlives a restart. */
export function createLedger(redis: Redis): Ledger {
  const run = async (pipeline: ChainableCommander): Promise<unknown[]> =>
    ((await pipeline.exec()) ?? []).map(([err, value]) => {
      if (err) throw err;
      return value;
    });

  return {
    accept: async (partner, s) => {
      const reply = (await redis.eval(
        shipLua, 4,
        keys.stats(partner), keys.batches(partner), keys.shipments(partner), s.idempotencyKey === undefined ? '' : keys.idempotency(partner, s.idempotencyKey),
        partner, s.batchId, s.itemCount, s.attempt, s.orderCount, IDEMPOTENCY_TTL_SECONDS, SHIPMENT_STREAM_MAX_LEN, Date.now(),
      )) as [string, string, number?];
      const [status, shipmentId, times] = reply;
      if (status === 'duplicate_key') return { status, shipmentId };
      return { status: 'shipped', shipmentId, timesShipped: Number(times) };
    },
    totals: async (partners) => {
      const pipeline = redis.pipeline();
      for (const p of partners) pipeline.hgetall(keys.stats(p)).hlen(keys.batches(p));
      const values = await run(pipeline);
      return Object.fromEntries(partners.map((p, i) => [p, toTotals(values[2 * i] as Record<string, string>, Number(values[2 * i + 1]))]));
    },
    truth: async (partners) => {
      const pipeline = redis.pipeline();
      for (const p of partners) pipeline.hgetall(keys.stats(p)).hgetall(keys.batches(p));
      const values = await run(pipeline);
      return Object.fromEntries(partners.map((p, i) => {
        const raw = values[2 * i + 1] as Record<string, string>;
        const batches = Object.fromEntries(Object.entries(raw).map(([id, n]) => [id, Number(n)]));
        return [p, { ...toTotals(values[2 * i] as Record<string, string>, Object.keys(batches).length), batches }];
      }));
    },
    ping: async () => {
      await redis.ping();
    },
  };
}
