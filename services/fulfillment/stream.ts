import type { Redis } from 'ioredis';
import { BATCH_STREAM } from '../orders/keys.js';

export const GROUP = 'fulfillment';
export const DEAD_LETTER_STREAM = 'fulfillment:dead-letter';

/** One stream entry as orders publishes it: `batchId`, `partner`, `orders`. */
export interface BatchEntry {
  entryId: string;
  batchId: string;
  partner: string;
}

type RawEntry = [id: string, fields: string[]];

export function toBatchEntry([entryId, fields]: RawEntry): BatchEntry {
  const map = new Map<string, string>();
  for (let i = 0; i + 1 < fields.length; i += 2) map.set(fields[i] as string, fields[i + 1] as string);
  return { entryId, batchId: map.get('batchId') ?? '', partner: map.get('partner') ?? '' };
}

/**
 * The consumer-group side of the batch stream. Reads block, so they use their own
 * connection (`reader`); everything else uses `redis`.
 */
export function createBatchStream(redis: Redis, reader: Redis, consumer: string) {
  return {
    /** Creates the group at the stream's start (so batches published before the first start are delivered). */
    async ensureGroup(): Promise<void> {
      try {
        await redis.xgroup('CREATE', BATCH_STREAM, GROUP, '0', 'MKSTREAM');
      } catch (err) {
        if (!String((err as Error).message).includes('BUSYGROUP')) throw err;
      }
    },
    /** New entries for this consumer, waiting up to blockMs for some. */
    async readNew(count: number, blockMs: number): Promise<BatchEntry[]> {
      const reply = (await reader.xreadgroup('GROUP', GROUP, consumer, 'COUNT', count, 'BLOCK', blockMs, 'STREAMS', BATCH_STREAM, '>')) as
        | Array<[string, RawEntry[]]>
        | null;
      return (reply?.[0]?.[1] ?? []).map(toBatchEntry);
    },
    /** Pending entries idle for at least minIdleMs, now claimed by this consumer (the re-drive). */
    async claimIdle(minIdleMs: number, count: number): Promise<BatchEntry[]> {
      const reply = (await redis.xautoclaim(BATCH_STREAM, GROUP, consumer, minIdleMs, '0-0', 'COUNT', count)) as [string, RawEntry[], string[]?];
      return reply[1].filter((e): e is RawEntry => Array.isArray(e)).map(toBatchEntry);
    },
    async ack(entryId: string): Promise<void> {
      await redis.xack(BATCH_STREAM, GROUP, entryId);
    },
    async deadLetter(entry: BatchEntry, reason: string): Promise<void> {
      await redis.multi()
        .xadd(DEAD_LETTER_STREAM, 'MAXLEN', '~', 10_000, '*', 'batchId', entry.batchId, 'partner', entry.partner, 'entryId', entry.entryId, 'reason', reason)
        .xack(BATCH_STREAM, GROUP, entry.entryId)
        .exec();
    },
    /** Pending (read, not acked) and lag (not yet read) for the group, from XINFO GROUPS. */
    async backlog(): Promise<{ pending: number; lag: number }> {
      const groups = (await redis.xinfo('GROUPS', BATCH_STREAM)) as unknown[][];
      for (const g of groups) {
        const info = new Map<string, unknown>();
        for (let i = 0; i + 1 < g.length; i += 2) info.set(String(g[i]), g[i + 1]);
        if (info.get('name') === GROUP) return { pending: Number(info.get('pending') ?? 0), lag: Number(info.get('lag') ?? 0) };
      }
      return { pending: 0, lag: 0 };
    },
  };
}

export type BatchStream = ReturnType<typeof createBatchStream>;
