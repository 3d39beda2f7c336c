/** Reads one sample from a Prometheus text exposition; undefined when no sample matches. */
export function sampleValue(exposition: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of exposition.split('\n')) {
    if (line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = new Map<string, string>();
    for (const pair of (match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
      found.set(pair[1] ?? '', pair[2] ?? '');
    }
    if (Object.entries(labels).every(([k, v]) => found.get(k) === v)) return Number(match[3]);
  }
  return undefined;
}

/** GET <url>/metrics as text. */
export async function scrape(baseUrl: string): Promise<string> {
  const res = await fetch(`${baseUrl}/metrics`);
  if (!res.ok) throw new Error(`GET /metrics answered ${res.status}`);
  return res.text();
}

/** One sample from a live /metrics, failing loudly when the series is missing. */
export async function scrapeValue(baseUrl: string, name: string, labels: Record<string, string> = {}): Promise<number> {
  const value = sampleValue(await scrape(baseUrl), name, labels);
  if (value === undefined) throw new Error(`no sample ${name}${JSON.stringify(labels)} on ${baseUrl}/metrics`);
  return value;
}
