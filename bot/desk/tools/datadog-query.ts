/**
 * The Datadog metric query syntax the desk understands, and its PromQL. One query:
 *
 *   [aggregator:]metric[{filters}][ by {tags}][.as_rate()|.as_count()][.rollup(method[, seconds])]
 *
 * e.g. `sum:fulfillment_webhook_attempts_total{outcome:timeout} by {partner}.as_rate()`.
 * README.md (Datadog mapping) has the table; this file is its only implementation.
 */

export const AGGREGATORS = ['avg', 'sum', 'min', 'max'] as const;
export const ROLLUP_METHODS = ['avg', 'sum', 'min', 'max', 'count'] as const;
export const FUNCTIONS = ['as_rate()', 'as_count()', 'rollup(method, seconds)'] as const;
type Aggregator = (typeof AGGREGATORS)[number];
type RollupMethod = (typeof ROLLUP_METHODS)[number];

export interface TagFilter {
  key: string;
  value: string;
  negated: boolean;
}

export interface DatadogQuery {
  aggregator: Aggregator;
  /** The metric as written (dots allowed) and the Prometheus name it stands for. */
  metric: string;
  promMetric: string;
  filters: TagFilter[];
  by: string[];
  transform?: 'as_rate' | 'as_count';
  rollup?: { method: RollupMethod; seconds?: number };
}

/** A query Datadog would not accept either: where, and what was expected there. */
export class DatadogSyntaxError extends Error {
  constructor(readonly column: number, message: string) {
    super(`at column ${column}: ${message}`);
    this.name = 'DatadogSyntaxError';
  }
}

const IDENT = /[A-Za-z_][A-Za-z0-9_]*/y;
const TAG_KEY = /[A-Za-z_][A-Za-z0-9_]*/y;
/** A tag value runs to the next `,` or `}`; Datadog's values hold `/`, `:`, `.`, `-` and `*`. */
const TAG_VALUE = /[^,{}\s]+/y;
const SECONDS = /\d+/y;

/** Datadog's `host` is the scraped instance; every other tag is the Prometheus label of the same name. */
export const labelOf = (tag: string) => (tag === 'host' ? 'instance' : tag);

export function parseDatadogQuery(text: string): DatadogQuery {
  let pos = 0;
  const col = () => pos + 1;
  const found = () => (pos >= text.length ? 'end of query' : `"${text.slice(pos, pos + 12)}${text.length > pos + 12 ? '…' : ''}"`);
  function fail(expected: string): never {
    throw new DatadogSyntaxError(col(), `expected ${expected}, found ${found()}`);
  }
  const ws = () => {
    while (pos < text.length && /\s/.test(text[pos] ?? '')) pos += 1;
  };
  const match = (re: RegExp): string | undefined => {
    re.lastIndex = pos;
    const m = re.exec(text);
    if (!m) return undefined;
    pos += m[0].length;
    return m[0];
  };
  const eat = (s: string) => {
    if (!text.startsWith(s, pos)) return false;
    pos += s.length;
    return true;
  };

  ws();
  let aggregator: Aggregator = 'avg';
  const start = pos;
  const first = match(IDENT);
  if (first === undefined) fail(`an aggregator (${AGGREGATORS.join(', ')}) or a metric name`);
  ws();
  if (eat(':')) {
    if (!(AGGREGATORS as readonly string[]).includes(first)) {
      pos = start;
      throw new DatadogSyntaxError(col(), `unknown aggregator "${first}"; expected one of ${AGGREGATORS.join(', ')}`);
    }
    aggregator = first as Aggregator;
    ws();
  } else {
    pos = start;
  }

  const segments: string[] = [];
  for (;;) {
    const seg = match(IDENT);
    if (seg === undefined) fail(segments.length === 0 ? 'a metric name (letters, digits, _ and .)' : 'the rest of the metric name after "."');
    segments.push(seg);
    // `.as_rate(` after a name is a function, not another segment of the name.
    if (text[pos] !== '.' || /^\.[A-Za-z_][A-Za-z0-9_]*\s*\(/.test(text.slice(pos))) break;
    pos += 1;
  }
  const metric = segments.join('.');

  ws();
  const filters: TagFilter[] = [];
  if (eat('{')) {
    ws();
    for (;;) {
      if (eat('*')) {
        ws();
      } else {
        const negated = eat('!');
        const key = match(TAG_KEY);
        if (key === undefined) fail(`a tag filter such as service:orders, !outcome:ok or *`);
        ws();
        if (!eat(':')) fail(`":" and a value after tag "${key}" (e.g. ${key}:value)`);
        ws();
        const value = match(TAG_VALUE);
        if (value === undefined) fail(`a value for tag "${key}"`);
        filters.push({ key, value, negated });
        ws();
      }
      if (eat(',')) {
        ws();
        continue;
      }
      if (eat('}')) break;
      fail('"," or "}" after the tag filter');
    }
  }

  let by: string[] = [];
  let transform: DatadogQuery['transform'];
  let rollup: DatadogQuery['rollup'];
  for (;;) {
    ws();
    if (/^by\b/.test(text.slice(pos, pos + 3))) {
      if (by.length > 0) fail('one "by {…}" only');
      pos += 2;
      ws();
      if (!eat('{')) fail('"{" after "by" (by {tag, …})');
      ws();
      by = [];
      for (;;) {
        const tag = match(TAG_KEY);
        if (tag === undefined) fail('a tag name to group by');
        by.push(tag);
        ws();
        if (eat(',')) {
          ws();
          continue;
        }
        if (eat('}')) break;
        fail('"," or "}" in the "by {…}" tag list');
      }
      continue;
    }
    if (!eat('.')) break;
    const fnAt = pos;
    const fn = match(IDENT);
    ws();
    if (fn === undefined || !eat('(')) {
      pos = fnAt;
      fail(`a function (${FUNCTIONS.join(', ')})`);
    }
    ws();
    if (fn === 'as_rate' || fn === 'as_count') {
      if (transform !== undefined) {
        pos = fnAt;
        throw new DatadogSyntaxError(col(), `.${fn}() after .${transform}(): use one of them`);
      }
      if (!eat(')')) fail(`")": .${fn}() takes no arguments`);
      transform = fn;
    } else if (fn === 'rollup') {
      if (rollup !== undefined) {
        pos = fnAt;
        throw new DatadogSyntaxError(col(), 'a second .rollup(): use one');
      }
      const method = match(IDENT);
      if (method === undefined || !(ROLLUP_METHODS as readonly string[]).includes(method)) {
        if (method !== undefined) pos -= method.length;
        fail(`a rollup method (${ROLLUP_METHODS.join(', ')})`);
      }
      ws();
      let seconds: number | undefined;
      if (eat(',')) {
        ws();
        const n = match(SECONDS);
        if (n === undefined || Number(n) < 1) {
          if (n !== undefined) pos -= n.length;
          fail('a rollup interval in whole seconds ≥ 1, e.g. 60');
        }
        seconds = Number(n);
        ws();
      }
      if (!eat(')')) fail('")" to close .rollup(');
      rollup = { method: method as RollupMethod, ...(seconds !== undefined ? { seconds } : {}) };
    } else {
      pos = fnAt;
      throw new DatadogSyntaxError(col(), `unsupported function .${fn}(); supported: ${FUNCTIONS.map((f) => `.${f}`).join(', ')}`);
    }
  }
  ws();
  if (pos < text.length) fail(`end of query (after ${metric}: {filters}, by {tags}, .as_rate(), .as_count(), .rollup())`);
  return {
    aggregator, metric, promMetric: segments.join('_'), filters, by,
    ...(transform ? { transform } : {}), ...(rollup ? { rollup } : {}),
  };
}

/** A tag value as a PromQL matcher: `*` is Datadog's wildcard, everything else literal. */
function matcher(f: TagFilter): string {
  const label = labelOf(f.key);
  if (!f.value.includes('*')) return `${label}${f.negated ? '!=' : '='}${JSON.stringify(f.value)}`;
  // RE2 metacharacters are escaped so a value like `/orders/(id)` matches itself; `*` becomes `.*`.
  const re = f.value.split('*').map((part) => part.replace(/[\\.+?()|[\]{}^$]/g, '\\$&')).join('.*');
  return `${label}${f.negated ? '!~' : '=~'}${JSON.stringify(re)}`;
}

/** The selector of the query's metric and filters, e.g. `orders_pool_in_use{service="orders"}`. */
export function selectorOf(q: DatadogQuery): string {
  const m = q.filters.map(matcher);
  return `${q.promMetric}${m.length > 0 ? `{${m.join(', ')}}` : ''}`;
}

/**
 * The PromQL for one query at a step of `stepSeconds`. as_rate/as_count read the counter
 * over the step, widened to `minWindowSeconds` so every window holds several scrapes.
 */
export function toPromQL(q: DatadogQuery, stepSeconds: number, minWindowSeconds = 60): string {
  const sel = selectorOf(q);
  const window = `${Math.max(stepSeconds, minWindowSeconds)}s`;
  let inner = q.transform === 'as_rate' ? `rate(${sel}[${window}])` : q.transform === 'as_count' ? `increase(${sel}[${window}])` : sel;
  if (q.rollup) {
    const r = `${q.rollup.seconds ?? stepSeconds}s`;
    inner = q.transform ? `${q.rollup.method}_over_time((${inner})[${r}:])` : `${q.rollup.method}_over_time(${sel}[${r}])`;
  }
  const by = q.by.map(labelOf);
  return `${q.aggregator}${by.length > 0 ? ` by (${by.join(', ')})` : ''} (${inner})`;
}

/** The query's scope as Datadog prints it: `service:orders,!outcome:ok`, or `*`. */
export function scopeOf(q: DatadogQuery): string {
  return q.filters.length === 0 ? '*' : q.filters.map((f) => `${f.negated ? '!' : ''}${f.key}:${f.value}`).join(',');
}
