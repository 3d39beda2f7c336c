import { createHash } from 'node:crypto';
import type { IncidentStatus } from './model.js';

/** Every Redis key the pager writes, all under `pager:`. */
export const keys = {
  seq: () => 'pager:seq',
  incident: (id: string) => `pager:incident:${id}`,
  timeline: (id: string) => `pager:timeline:${id}`,
  /** The open incident of an alert group; group keys are long label sets, so hashed. */
  group: (groupKey: string) => `pager:group:${createHash('sha256').update(groupKey).digest('hex').slice(0, 32)}`,
  /** Sorted sets of incident ids scored by createdAt (ms): all, and one per status. */
  all: () => 'pager:incidents',
  byStatus: (status: IncidentStatus) => `pager:status:${status}`,
};
