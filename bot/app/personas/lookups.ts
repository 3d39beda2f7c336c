import type { DeskBackend } from '../../desk/backend.js';
import type { Caller } from '../../desk/registry/tool.js';

/** One Prometheus series as the desk's prometheus_query returns it. */
export interface Series {
  metric: Record<string, string>;
  value?: [number, string];
  values?: Array<[number, string]>;
}

/**
 * A coworker's lookups go through the desk like the investigator's, journaled under
 * caller kind `bot` so the process coach and the report tell them apart.
 */
export interface Lookups {
  tool<T>(name: string, args: Record<string, unknown>): Promise<T>;
  /** An instant query: the series, or [] when nothing matches. */
  instant(query: string): Promise<Series[]>;
  /** A range query from `startMs` to now: the series with their points. */
  range(query: string, startMs: number, step?: string): Promise<Series[]>;
  /** The first instant (ms) at which `query` was at least `threshold`, or undefined. */
  firstAtLeast(query: string, startMs: number, threshold: number): Promise<number | undefined>;
  /** The partners' shipment ground truth. */
  groundTruth(): Promise<PartnersTruth>;
}

export interface PartnersTruth {
  partners: Record<string, { shipments: number; distinctBatches: number; duplicateShipments: number; duplicateItems: number }>;
  totals: { shipments: number; distinctBatches: number; duplicateShipments: number; duplicateItems: number };
}

export class LookupError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = 'LookupError';
  }
}

export function createLookups(deps: { desk: Pick<DeskBackend, 'callTool'>; partnersUrl: string; persona: string }): Lookups {
  const caller: Caller = { kind: 'bot', name: deps.persona, via: 'bot' };
  const tool = async <T>(name: string, args: Record<string, unknown>): Promise<T> => {
    const answer = await deps.desk.callTool(name, args, caller);
    if (!answer.ok) throw new LookupError(answer.error.code, `${name}: ${answer.error.message}`);
    return answer.result as T;
  };
  const range = async (query: string, startMs: number, step = '5s') =>
    (await tool<{ result: Series[] }>('prometheus_query', { query, start: new Date(startMs).toISOString(), step })).result;
  return {
    tool,
    instant: async (query) => (await tool<{ result: Series[] }>('prometheus_query', { query })).result,
    range,
    async firstAtLeast(query, startMs, threshold) {
      const points = (await range(query, startMs))[0]?.values ?? [];
      const hit = points.find(([, v]) => Number(v) >= threshold);
      return hit ? hit[0] * 1000 : undefined;
    },
    async groundTruth() {
      let res: Response;
      try {
        res = await fetch(`${deps.partnersUrl}/ground-truth`, { signal: AbortSignal.timeout(5000) });
      } catch (err) {
        throw new LookupError('partners_unavailable', `the partners' ground truth at ${deps.partnersUrl} did not answer (${(err as Error).message})`);
      }
      if (!res.ok) throw new LookupError('partners_unavailable', `the partners' ground truth answered HTTP ${res.status}`);
      return (await res.json()) as PartnersTruth;
    },
  };
}

/** The number in an instant answer's first series (0 when there is none). */
export const scalar = (series: Series[]): number => Number(series[0]?.value?.[1] ?? 0);
