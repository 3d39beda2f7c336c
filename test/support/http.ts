import { get } from 'node:http';

export interface JsonResponse {
  status: number;
  headers: Headers;
  /** The parsed JSON body, or the raw text when the body is not JSON. */
  body: unknown;
}

export interface JsonRequest {
  method?: string;
  /** Sent as JSON. */
  json?: unknown;
  /** Sent verbatim as application/json, for malformed bodies. */
  raw?: string;
  headers?: Record<string, string>;
}

/** One HTTP call with fetch; a JSON body in and out, the status and headers kept. */
export async function requestJson(url: string, req: JsonRequest = {}): Promise<JsonResponse> {
  const hasBody = req.json !== undefined || req.raw !== undefined;
  const res = await fetch(url, {
    method: req.method ?? (hasBody ? 'POST' : 'GET'),
    headers: { ...(hasBody ? { 'content-type': 'application/json' } : {}), ...req.headers },
    ...(hasBody ? { body: req.raw ?? JSON.stringify(req.json) } : {}),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON (a /metrics scrape, an HTML error page): keep the text.
  }
  return { status: res.status, headers: res.headers, body };
}

/**
 * GET on a new connection, parsed as JSON. After a process restarts, fetch may reuse a
 * pooled keep-alive socket to the old process and fail with "other side closed" — a
 * client race, not the behaviour under test.
 */
export function getJsonFresh<T>(url: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const req = get(url, { agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => {
        try {
          resolve(JSON.parse(text) as T);
        } catch (err) {
          reject(new Error(`${url} answered ${res.statusCode} with non-JSON: ${text.slice(0, 200)} (${(err as Error).message})`));
        }
      });
    });
    req.on('error', reject);
  });
}
