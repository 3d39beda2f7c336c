import type { Redis } from 'ioredis';
import { keys } from './keys.js';
import type { Incident, IncidentStatus, TimelineEntry } from './model.js';

export interface PagerStore {
  ping(): Promise<void>;
  nextId(): Promise<string>;
  get(id: string): Promise<Incident | undefined>;
  openIncidentOf(groupKey: string): Promise<string | undefined>;
  /** Writes the incident, its indexes and new timeline entries in one MULTI. */
  save(incident: Incident, previous: IncidentStatus | undefined, entries: TimelineEntry[]): Promise<void>;
  timeline(id: string): Promise<TimelineEntry[]>;
  list(status?: IncidentStatus): Promise<Incident[]>;
  /** Triggered incidents opened at or before `openedBefore` (ms), oldest first. */
  triggeredBefore(openedBefore: number): Promise<string[]>;
  count(status: IncidentStatus): Promise<number>;
}

export function createPagerStore(redis: Redis): PagerStore {
  const parse = (text: string | null): Incident | undefined => (text === null ? undefined : (JSON.parse(text) as Incident));
  const getMany = async (ids: string[]): Promise<Incident[]> => {
    if (ids.length === 0) return [];
    const texts = await redis.mget(...ids.map(keys.incident));
    return texts.map(parse).filter((i): i is Incident => i !== undefined);
  };
  return {
    ping: async () => {
      await redis.ping();
    },
    nextId: async () => `P${100_000 + (await redis.incr(keys.seq()))}`,
    get: async (id) => parse(await redis.get(keys.incident(id))),
    openIncidentOf: async (groupKey) => (await redis.get(keys.group(groupKey))) ?? undefined,
    save: async (incident, previous, entries) => {
      const score = Date.parse(incident.createdAt);
      const tx = redis.multi().set(keys.incident(incident.id), JSON.stringify(incident)).zadd(keys.all(), score, incident.id);
      if (previous !== incident.status) {
        if (previous !== undefined) tx.zrem(keys.byStatus(previous), incident.id);
        tx.zadd(keys.byStatus(incident.status), score, incident.id);
      }
      if (incident.status === 'resolved') tx.del(keys.group(incident.groupKey));
      else tx.set(keys.group(incident.groupKey), incident.id);
      if (entries.length > 0) tx.rpush(keys.timeline(incident.id), ...entries.map((e) => JSON.stringify(e)));
      const results = await tx.exec();
      const failed = results?.find(([err]) => err !== null);
      if (!results || failed) throw new Error(`saving incident ${incident.id} failed: ${failed?.[0]?.message ?? 'transaction aborted'}`);
    },
    timeline: async (id) => (await redis.lrange(keys.timeline(id), 0, -1)).map((t) => JSON.parse(t) as TimelineEntry),
    list: async (status) => getMany(await redis.zrevrange(status ? keys.byStatus(status) : keys.all(), 0, -1)),
    triggeredBefore: (openedBefore) => redis.zrangebyscore(keys.byStatus('triggered'), '-inf', openedBefore),
    count: (status) => redis.zcard(keys.byStatus(status)),
  };
}
