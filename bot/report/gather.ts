import { checkProbes, type ProbeEnv } from '../../chaos/runner/probes.js';
import type { Scenario } from '../../chaos/scenario/schema.js';
import type { LiveFigures, SkewedClock } from './types.js';

export interface GatherSources {
  /** `http://127.0.0.1:<port>` of a lab deployable by name (partners, traffic, storefront, ...). */
  serviceUrl(name: string): string;
  prometheusUrl: string;
  pagerUrl: string;
}

export type { SkewedClock };

async function json<T>(url: string): Promise<T> {
  const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  if (!res.ok) throw new Error(`GET ${url} answered ${res.status}`);
  return (await res.json()) as T;
}

/** An instant PromQL value at `atMs` (0 when the series is empty). */
async function promAt(prometheusUrl: string, query: string, atMs: number): Promise<number> {
  const body = await json<{ data?: { result?: Array<{ value: [number, string] }> } }>(`${prometheusUrl}/api/v1/query?${new URLSearchParams({ query, time: String(atMs / 1000) }).toString()}`);
  return Number(body.data?.result?.[0]?.value[1] ?? 0);
}

/**
 * The lab's own ground truth when a report is built: the partners' shipments, the traffic
 * driver's failed sessions and real checkouts, the scenario's steady-state probes (is it
 * mitigated for real), and when the pager paged. Each read at `now`; nothing estimated.
 */
export async function gatherLive(src: GatherSources, scenario: Scenario, injectedAt: Date, now: Date, skewedClocks: readonly SkewedClock[]): Promise<LiveFigures> {
  const truth = await json<{ partners: Record<string, { duplicateShipments: number; duplicateItems: number }> }>(`${src.serviceUrl('partners')}/ground-truth`);
  const traffic = await json<{ counts: { checkouts: Record<string, number>; checkoutValueCents: number } }>(`${src.serviceUrl('traffic')}/status`);
  // Sessions are a counter since the driver started; only those failed since the injection count.
  const windowS = Math.max(1, Math.round((now.getTime() - injectedAt.getTime()) / 1000));
  const failed = await promAt(src.prometheusUrl, `sum(increase(traffic_sessions_total{outcome=~"blocked|abandoned"}[${windowS}s])) or vector(0)`, now.getTime());
  const probeEnv: ProbeEnv = { serviceUrl: src.serviceUrl, prometheusUrl: src.prometheusUrl };
  const steady = await checkProbes(probeEnv, scenario.probes.steady);
  const incidents = await json<{ incidents: Array<{ createdAt: string; groupKey: string }> }>(`${src.pagerUrl}/incidents`).catch(() => ({ incidents: [] }));
  const alert = scenario.briefing.alert;
  const paged = incidents.incidents
    .filter((i) => alert !== undefined && i.groupKey.includes(`alertname="${alert}"`) && Date.parse(i.createdAt) >= injectedAt.getTime())
    .map((i) => i.createdAt).sort()[0];
  return {
    at: now.toISOString(),
    duplicates: Object.fromEntries(Object.entries(truth.partners).map(([p, t]) => [p, { duplicateShipments: t.duplicateShipments, duplicateItems: t.duplicateItems }])),
    failedSessions: Math.round(failed),
    completedCheckouts: traffic.counts.checkouts.completed ?? 0,
    checkoutValueCents: traffic.counts.checkoutValueCents,
    steady,
    pagedAt: paged,
    skewedClocks: [...skewedClocks],
  };
}
