/**
 * Prometheus's own result shapes (prometheus_query passes them through) as table rows: one
 * row per series, its labels as columns, and the value — or, for a range, how many points
 * and their first, last, min and max — instead of [timestamp, "value"] pairs nobody can read.
 */
interface Series {
  metric: Record<string, unknown>;
  value?: unknown;
  values?: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function isSeries(v: unknown): v is Series {
  return isObject(v) && isObject(v.metric);
}

/** `[1732950000.1, "0.25"]` → 0.25 (or the string when it is not a number, e.g. NaN). */
function sampleValue(pair: unknown): number | string | undefined {
  if (!Array.isArray(pair) || pair.length < 2) return undefined;
  const raw = String(pair[1]);
  const n = Number(raw);
  return Number.isFinite(n) ? n : raw;
}

/** Whether `value` is a query answer (`resultType` and a list of series) this module can tabulate. */
export function isSeriesResult(value: Record<string, unknown>): value is { resultType: string; result: Series[] } {
  return typeof value.resultType === 'string' && Array.isArray(value.result) && value.result.length > 0 && value.result.every(isSeries);
}

const round = (n: number) => (Number.isInteger(n) ? n : Number(n.toPrecision(6)));

export function seriesRows(result: readonly Series[]): Array<Record<string, unknown>> {
  return result.map((s) => {
    const { __name__: name, ...labels } = s.metric;
    const row: Record<string, unknown> = { ...(name === undefined ? {} : { metric: name }), ...labels };
    if (Array.isArray(s.values)) {
      const points = s.values.map(sampleValue).filter((v): v is number => typeof v === 'number');
      row.points = s.values.length;
      if (points.length > 0) {
        row.first = round(points[0] as number);
        row.last = round(points[points.length - 1] as number);
        row.min = round(Math.min(...points));
        row.max = round(Math.max(...points));
      }
    } else {
      const v = sampleValue(s.value);
      row.value = typeof v === 'number' ? round(v) : v;
    }
    return row;
  });
}
