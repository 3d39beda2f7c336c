import { dashboardQueries, type DashboardQuery } from './index.js';

export interface LiveQueryResult {
  uid: string;
  panel: string;
  expr: string;
  /** Prometheus evaluated the expression (it may still have returned nothing). */
  ok: boolean;
  /** `<errorType>: <error>` from Prometheus, or why there was no answer. */
  error?: string;
  /** Series (or the one scalar) the instant query returned. */
  series: number;
  /** Of those, how many carry a finite value: NaN from a 0/0 is an answer, not data. */
  finite: number;
}

export type QueryOutcome = Pick<LiveQueryResult, 'ok' | 'error' | 'series' | 'finite'>;

type Sample = [number, string];
interface PromResponse {
  status?: unknown;
  errorType?: unknown;
  error?: unknown;
  data?: { resultType?: unknown; result?: unknown };
}

const isFiniteSample = (s: unknown): boolean => Array.isArray(s) && Number.isFinite(Number((s as Sample)[1]));

/** Reads one `/api/v1/query` answer the way Prometheus documents it: `status`, then `data` or `errorType`/`error`. */
export function parseQueryResponse(httpStatus: number, text: string): QueryOutcome {
  let body: PromResponse;
  try {
    body = JSON.parse(text) as PromResponse;
  } catch {
    return { ok: false, error: `HTTP ${httpStatus}: not a Prometheus API answer: ${text.slice(0, 200)}`, series: 0, finite: 0 };
  }
  if (body.status !== 'success') {
    const type = typeof body.errorType === 'string' ? body.errorType : 'unknown';
    return { ok: false, error: `${type}: ${String(body.error ?? `HTTP ${httpStatus}`)}`, series: 0, finite: 0 };
  }
  const { resultType, result } = body.data ?? {};
  if (resultType === 'scalar' || resultType === 'string') {
    return { ok: true, series: 1, finite: resultType === 'scalar' && isFiniteSample(result) ? 1 : 0 };
  }
  if ((resultType === 'vector' || resultType === 'matrix') && Array.isArray(result)) {
    const finite = (result as Array<{ value?: unknown; values?: unknown }>).filter((r) =>
      resultType === 'vector' ? isFiniteSample(r.value) : Array.isArray(r.values) && r.values.some(isFiniteSample)).length;
    return { ok: true, series: result.length, finite };
  }
  return { ok: false, error: `unexpected result type ${String(resultType)}`, series: 0, finite: 0 };
}

/** One instant query at Prometheus's "now"; a connection failure is reported, not thrown. */
export async function instantQuery(prometheusUrl: string, expr: string, timeoutMs = 10_000): Promise<QueryOutcome> {
  // Relative, so a Prometheus served under a path prefix (--web.route-prefix) keeps it.
  const url = new URL('api/v1/query', prometheusUrl.endsWith('/') ? prometheusUrl : `${prometheusUrl}/`);
  url.searchParams.set('query', expr);
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    return parseQueryResponse(res.status, await res.text());
  } catch (err) {
    return { ok: false, error: `no answer from ${url.origin}: ${(err as Error).message}`, series: 0, finite: 0 };
  }
}

/**
 * Runs every dashboard expression against a real Prometheus, one at a time (the lab's
 * Prometheus is small and shares the machine), and says for each whether it evaluated and
 * whether it returned data.
 */
export async function checkDashboardQueries(
  prometheusUrl: string,
  queries: readonly DashboardQuery[] = dashboardQueries(),
): Promise<LiveQueryResult[]> {
  const results: LiveQueryResult[] = [];
  for (const q of queries) {
    const outcome = await instantQuery(prometheusUrl, q.expr);
    results.push({ uid: q.uid, panel: q.panel, expr: q.expr, ...outcome });
  }
  return results;
}
