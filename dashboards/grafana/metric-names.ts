import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { metricPrefix } from '../../services/kit/metrics.js';

/** Series Prometheus makes itself from alerts.yml, not any process's /metrics. */
export const PROMETHEUS_SERIES: readonly string[] = ['ALERTS', 'ALERTS_FOR_STATE'];

const HISTOGRAM_SUFFIXES = ['_bucket', '_sum', '_count'] as const;
// Aggregations may be written `sum by (le) (x)`, so the word alone is not followed by `(`.
const AGGREGATIONS = new Set(['sum', 'min', 'max', 'avg', 'group', 'stddev', 'stdvar', 'count', 'count_values', 'bottomk', 'topk', 'quantile', 'limitk', 'limit_ratio']);
const GROUPING = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right']);
const KEYWORDS = new Set(['and', 'or', 'unless', 'bool', 'offset', 'atan2', 'inf', 'nan']);

/**
 * The metric names a PromQL expression selects: bare identifiers that are not functions,
 * aggregations, keywords or grouping labels. Label matchers, ranges, strings and numbers
 * are skipped. A small lexer rather than a parser: promtool has already parsed the text.
 */
export function metricNamesIn(expr: string): string[] {
  const names = new Set<string>();
  let i = 0;
  const skipString = (quote: string) => {
    i += 1;
    while (i < expr.length && expr[i] !== quote) i += expr[i] === '\\' && quote !== '`' ? 2 : 1;
    i += 1;
  };
  const skipUntil = (close: string) => {
    while (i < expr.length && expr[i] !== close) {
      const c = expr[i] ?? '';
      if (c === '"' || c === "'" || c === '`') skipString(c);
      else i += 1;
    }
    i += 1;
  };
  const nextNonSpace = (from: number) => {
    let j = from;
    while (j < expr.length && /\s/.test(expr[j] ?? '')) j += 1;
    return j;
  };
  while (i < expr.length) {
    const c = expr[i] ?? '';
    if (c === '"' || c === "'" || c === '`') skipString(c);
    else if (c === '{') skipUntil('}');
    else if (c === '[') skipUntil(']');
    else if (c === '#') skipUntil('\n');
    else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(expr[i + 1] ?? ''))) {
      // Numbers and durations (1e3, 0x1f, 5m after `offset`): one run of word characters.
      while (i < expr.length && /[0-9A-Za-z_.]/.test(expr[i] ?? '')) i += 1;
    } else if (/[A-Za-z_:]/.test(c)) {
      const start = i;
      while (i < expr.length && /[A-Za-z0-9_:]/.test(expr[i] ?? '')) i += 1;
      const word = expr.slice(start, i);
      const next = nextNonSpace(i);
      if (GROUPING.has(word)) {
        if (expr[next] === '(') {
          i = next + 1;
          skipUntil(')');
        }
      } else if (word === 'offset') {
        i = next;
      } else if (expr[next] !== '(' && !AGGREGATIONS.has(word) && !KEYWORDS.has(word.toLowerCase())) {
        names.add(word);
      }
    } else i += 1;
  }
  return [...names];
}

const METRICS_FILE = 'metrics.ts';
// `name: 'x'` in a prom-client constructor, or the first argument of the local `gauge('x', ...)` /
// `counter('x', ...)` helpers some metrics files use to register several alike.
const NAME_LITERAL = /(?:\bname:\s*|\b(?:gauge|counter)\(\s*)(['"`])([^'"`]+)\1/g;
const HISTOGRAM_LITERAL = /new Histogram\(\{\s*name:\s*(['"`])([^'"`]+)\1/g;
const SERVICE_BASE = /createServiceBase\(\s*'([^']+)'/g;

/** Each deployable's folder (`services/<x>`, `lab/<x>`) with the files it holds. */
function deployableDirs(root: string): Array<{ dir: string; files: string[] }> {
  return ['services', 'lab'].flatMap((tier) =>
    readdirSync(join(root, tier), { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => join(root, tier, e.name))
      .sort()
      .map((dir) => ({ dir, files: readdirSync(dir) })));
}

/** The service names given to createServiceBase in each deployable's main.ts: the HTTP metric prefixes. */
function serviceNames(root: string): string[] {
  const names = new Set<string>();
  for (const { dir, files } of deployableDirs(root)) {
    if (!files.includes('main.ts')) continue;
    for (const m of readFileSync(join(dir, 'main.ts'), 'utf8').matchAll(SERVICE_BASE)) if (m[1]) names.add(m[1]);
  }
  return [...names].sort();
}

export interface RegisteredMetrics {
  /** Every series name a scrape can show: plain names, and each histogram's _bucket/_sum/_count (not its bare name). */
  names: Set<string>;
  histograms: Set<string>;
  services: string[];
}

/**
 * The metric names the code registers, found by grepping every `services/<x>/metrics.ts`
 * and `lab/<x>/metrics.ts`. `${prefix}_...` names from the kit are expanded for each
 * service passed to createServiceBase. Default process metrics are left out on purpose:
 * no dashboard should need them.
 */
export function registeredMetrics(root: string): RegisteredMetrics {
  const services = serviceNames(root);
  const expand = (name: string): string[] =>
    name.includes('${prefix}') ? services.map((s) => name.replace('${prefix}', metricPrefix(s))) : [name];
  const base = new Set<string>();
  const histograms = new Set<string>();
  for (const { dir, files } of deployableDirs(root)) {
    if (!files.includes(METRICS_FILE)) continue;
    const text = readFileSync(join(dir, METRICS_FILE), 'utf8');
    for (const m of text.matchAll(NAME_LITERAL)) for (const n of expand(m[2] ?? '')) base.add(n);
    for (const m of text.matchAll(HISTOGRAM_LITERAL)) for (const n of expand(m[2] ?? '')) histograms.add(n);
  }
  // A classic histogram is scraped only as its _bucket/_sum/_count series; its bare name selects nothing.
  const names = new Set([...base].filter((n) => !histograms.has(n)));
  for (const h of histograms) for (const suffix of HISTOGRAM_SUFFIXES) names.add(`${h}${suffix}`);
  return { names, histograms, services };
}
