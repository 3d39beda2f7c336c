import fc from 'fast-check';

/**
 * Arguments for fuzzing a desk tool from its published JSON Schema: valid-looking ones, the
 * same with boundary and hostile values swapped in, and bodies that are not objects at all.
 * A body is produced as JSON text, so keys like `__proto__` arrive as own properties, as
 * they would from any HTTP client.
 */

export interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
}

/** A file the shell-looking strings would create if anything ran them through a shell. */
export const canaryStrings = (canary: string) => [
  `"; touch ${canary} #`, `$(touch ${canary})`, `\`touch ${canary}\``, `| touch ${canary}`, `&& touch ${canary}`, `\ntouch ${canary}\n`,
  `--output=${canary}`, `-o${canary}`, `--exec=touch ${canary}`,
];

const HOSTILE_STRINGS = [
  '"; rm -rf / #', '../../etc/passwd', '/etc/passwd', 'config/../../../etc/passwd', '....//....//etc/passwd', '%2e%2e%2fetc%2fpasswd', '..\\..\\windows\\win.ini',
  'flags.json\u0000.txt', '\u0000', '\uD800', '\u202Eevil', '🔥'.repeat(50), '%s%n%x', '${7*7}', '{{7*7}}', '<script>alert(1)</script>',
  'up{job=~".*"}', ')))', '(a+)+$', '/(a+)+$/', '/[/', '{__name__=~".+"}', '\\', '"', "'", '*', '.*', 'sum:x{a:b} by {', '-1', 'NaN', '1e309',
  ' ', '\t\n', 'null', '[object Object]', '__proto__', 'constructor', 'HEAD~1000', '@{-1}', ':(glob)**', ':!flags.json',
];

/** Values an agent would plausibly send, by argument name; anything else gets a generic string. */
const PLAUSIBLE: Record<string, readonly unknown[]> = {
  service: ['orders', 'fulfillment', 'storefront', 'partners', 'seating', 'desk', 'redis', 'Orders'],
  deployment: ['orders', 'fulfillment', 'desk', 'nope'],
  pod: ['orders', 'orders-5d8f-abc12', 'nope'],
  services: [['orders'], ['fulfillment', 'nope']],
  query: ['up', 'rate(fulfillment_webhook_attempts_total[1m])', 'pool exhausted', '/time(d|out)/i', 'sum:orders_pool_in_use{service:orders} by {route}', 'max:storefront_breaker_state{state:open}', '"orders pool" in:#platform', 'error'],
  flag: ['fulfillmentDispatchPaused', 'storefrontNewCheckout', 'nope'],
  variant: ['on', 'off', 'true'],
  path: ['config/orders.yaml', 'flags.json', 'services/orders', '.', 'config', 'config/../flags.json', 'README.md'],
  channel: ['#incidents', 'incidents', 'C0123ABC', '<#C0123|incidents>'],
  incidentId: ['P100001', 'P999999'],
  runId: ['run-0001', '12', 'run-9999'],
  tag: ['abc1234', 'firedrill/orders:abc1234'],
  namespace: ['firedrill', 'Firedrill/Orders', 'Firedrill/Fulfillment', 'Prometheus', 'AWS/EC2'],
  metricName: ['PoolUtilization', 'WebhookTimeouts', 'BreakerOpen', 'orders_pool_size', 'CPUUtilization'],
  dimensions: [[{ Name: 'Partner', Value: 'acme' }], [{ Name: 'service', Value: 'orders' }]],
  statistic: ['Average', 'Sum', 'Maximum'],
  stateValue: ['OK', 'ALARM'],
  thread_ts: ['1735725600.000100'],
};
const WHEN = ['15m', '2h', '1d', '2026-11-30T10:00:00Z', '1735725600', '0', '9999999999'];
for (const k of ['since', 'until', 'start', 'end', 'time', 'from', 'to', 'startTime', 'endTime']) PLAUSIBLE[k] = WHEN;

const json = (v: unknown) => JSON.stringify(v) ?? 'null';

/** Values that are valid JSON but wrong in type, size, depth or intent; as JSON text. */
export function hostileJson(canary: string): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 12, arbitrary: fc.constantFrom(...HOSTILE_STRINGS, ...canaryStrings(canary)).map(json) },
    { weight: 6, arbitrary: fc.constantFrom('null', 'true', 'false', '-1', '0', '1.5', '1e308', '-1e308', '9007199254740993', '[]', '[null]', '{}', '""') },
    { weight: 3, arbitrary: fc.constantFrom('{"__proto__":{"polluted":"yes"}}', '{"constructor":{"prototype":{"polluted":"yes"}}}', '[{"__proto__":{"polluted":"yes"}}]') },
    { weight: 1, arbitrary: fc.constantFrom(1_000, 10_000).map((n) => `${'['.repeat(n)}${']'.repeat(n)}`) },
    { weight: 1, arbitrary: fc.constant(`${'{"a":'.repeat(2_000)}1${'}'.repeat(2_000)}`) },
    { weight: 1, arbitrary: fc.constant(json(Array.from({ length: 10_000 }, (_, i) => `s${i}`))) },
    // 130 000 characters: past Linux's 128 KiB limit for one argument of a child process; still under the desk's body limit.
    { weight: 1, arbitrary: fc.constantFrom(130_000, 200_000).map((n) => json('x'.repeat(n))) },
    { weight: 1, arbitrary: fc.constant(json('y'.repeat(1_000_000))) },
    { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 3 }).map(json) },
  );
}

/** A value the schema accepts or nearly accepts (bounds, their neighbours, plausible names), as JSON text. */
function validJson(s: JsonSchema, name: string): fc.Arbitrary<string> {
  if (s.enum) return fc.constantFrom(...s.enum).map(json);
  if (s.const !== undefined) return fc.constant(json(s.const));
  if (s.anyOf && s.anyOf.length > 0) return fc.oneof(...s.anyOf.map((a) => validJson(a, name)));
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  const plausible = PLAUSIBLE[name];
  switch (type) {
    case 'string': {
      const options: Array<fc.Arbitrary<string>> = [fc.string({ maxLength: 40 }).map(json)];
      if (plausible) options.push(fc.constantFrom(...plausible).map(json));
      if (s.pattern) options.push(fc.stringMatching(new RegExp(s.pattern)).map(json));
      if (s.maxLength !== undefined && s.maxLength <= 50_000) options.push(fc.constantFrom(s.maxLength, s.maxLength + 1).map((n) => json('z'.repeat(n))));
      return fc.oneof(...options);
    }
    case 'integer':
    case 'number': {
      const lo = s.minimum ?? -1000;
      const hi = s.maximum ?? 1_000_000;
      return fc.oneof(fc.integer({ min: Math.max(lo, -1e9), max: Math.min(hi, 1e9) }), fc.constantFrom(lo, hi, lo - 1, hi + 1)).map(json);
    }
    case 'boolean':
      return fc.boolean().map(json);
    case 'array':
      return plausible ? fc.constantFrom(...plausible).map(json) : fc.array(validJson(s.items ?? {}, name), { maxLength: 3 }).map((items) => `[${items.join(',')}]`);
    case 'object':
      return objectJson(s);
    default:
      return plausible ? fc.constantFrom(...plausible).map(json) : fc.jsonValue({ maxDepth: 2 }).map(json);
  }
}

const objectText = (entries: ReadonlyArray<readonly [string, string]>) => `{${entries.map(([k, v]) => `${json(k)}:${v}`).join(',')}}`;

function objectJson(s: JsonSchema): fc.Arbitrary<string> {
  const props = Object.entries(s.properties ?? {});
  const required = new Set(s.required ?? []);
  return fc.tuple(...props.map(([k, p]) => fc.tuple(fc.constant(k), validJson(p, k), fc.boolean())))
    .map((entries) => objectText(entries.filter(([k, , keep]) => keep || required.has(k)).map(([k, v]) => [k, v] as const)));
}

/** One request body for a tool: valid-looking, valid-looking with hostile keys or values, or not an object at all. */
export function fuzzBody(schema: JsonSchema, canary: string): fc.Arbitrary<string> {
  const keys = Object.keys(schema.properties ?? {});
  const key = fc.oneof(
    { weight: 4, arbitrary: keys.length > 0 ? fc.constantFrom(...keys) : fc.constant('x') },
    { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '') },
    { weight: 1, arbitrary: fc.string({ maxLength: 10 }) },
  );
  const mutated = fc.tuple(objectJson(schema), fc.array(fc.tuple(key, hostileJson(canary)), { minLength: 1, maxLength: 3 }))
    .map(([base, extra]) => {
      // Hostile entries go last so they win over (or add to) the valid ones when parsed.
      const inner = base.slice(1, -1);
      const tail = extra.map(([k, v]) => `${json(k)}:${v}`).join(',');
      return `{${inner}${inner && tail ? ',' : ''}${tail}}`;
    });
  return fc.oneof(
    { weight: 4, arbitrary: objectJson(schema) },
    { weight: 5, arbitrary: mutated },
    { weight: 1, arbitrary: hostileJson(canary) },
  );
}
