import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { Flags } from '../kit/flags.js';
import type { FulfillmentDeployConfig } from './config.js';
import { deliver, type DeliveryDeps } from './delivery.js';
import type { FulfillmentMetrics } from './metrics.js';
import type { BatchEntry, BatchStream } from './stream.js';

export const PAUSE_FLAG = 'fulfillmentDispatchPaused';

export interface DispatcherDeps extends Omit<DeliveryDeps, 'isPaused' | 'stream'> {
  stream: BatchStream;
  flags: Flags;
  deploy: FulfillmentDeployConfig;
  metrics: FulfillmentMetrics;
  log: Logger;
  /** How long one blocking read waits for new batches. */
  blockMs?: number;
}

export interface Dispatcher {
  inFlight(): number;
  paused(): boolean;
  /** Resolves once the loops have stopped and in-flight deliveries finished their current step. */
  stop(): Promise<void>;
}

/**
 * The at-least-once dispatcher: reads new batches through the consumer group, works on up
 * to maxInFlight at once, and re-drives pending batches idle longer than redriveAfterMs.
 * The pause flag stops both loops and makes in-flight deliveries stop before their next attempt.
 */
export async function startDispatcher(d: DispatcherDeps): Promise<Dispatcher> {
  await d.stream.ensureGroup();
  const active = new Map<string, Promise<unknown>>();
  let paused = false;
  let stopping = false;
  const isPaused = async () => {
    paused = await d.flags.getBoolean(PAUSE_FLAG, false);
    return paused || stopping;
  };
  const deliveryDeps: DeliveryDeps = { ...d, stream: d.stream, isPaused };
  const free = () => d.deploy.maxInFlight - active.size;

  const launch = (entry: BatchEntry, redrive: boolean) => {
    if (active.has(entry.entryId)) return;
    if (redrive) d.metrics.redrives.inc({ partner: entry.partner });
    const run = deliver(deliveryDeps, entry)
      .catch((err: unknown) => d.log.error({ err, batchId: entry.batchId }, 'delivery crashed; left pending'))
      .finally(() => active.delete(entry.entryId));
    active.set(entry.entryId, run);
  };

  const idle = (ms: number) => (stopping ? Promise.resolve() : delay(ms));

  const readLoop = async () => {
    while (!stopping) {
      try {
        if ((await isPaused()) || free() <= 0) {
          await idle(paused ? 1000 : 50);
          continue;
        }
        for (const entry of await d.stream.readNew(free(), d.blockMs ?? 1000)) launch(entry, false);
      } catch (err) {
        d.log.error({ err }, 'reading the batch stream failed');
        await idle(1000);
      }
    }
  };

  const redriveEvery = Math.max(200, Math.floor(d.deploy.redriveAfterMs / 2));
  const redriveLoop = async () => {
    while (!stopping) {
      await idle(redriveEvery);
      if (stopping) break;
      try {
        if ((await isPaused()) || free() <= 0) continue;
        const claimed = await d.stream.claimIdle(d.deploy.redriveAfterMs, free());
        for (const entry of claimed) launch(entry, true);
        if (claimed.length > 0) d.log.info({ count: claimed.length }, 're-driving pending deliveries');
      } catch (err) {
        d.log.error({ err }, 're-drive failed');
      }
    }
  };

  const loops = Promise.all([readLoop(), redriveLoop()]);
  return {
    inFlight: () => active.size,
    paused: () => paused,
    stop: async () => {
      stopping = true;
      await loops;
      await Promise.all(active.values());
    },
  };
}
