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
