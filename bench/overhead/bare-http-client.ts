import { AppError } from '../../services/kit/errors.js';
import type { HttpClient, HttpResponse } from '../../services/kit/http-client.js';

/**
 * The kit client's contract (JSON in and out, non-2xx throws) on plain fetch: no span, no
 * `traceparent`, no deadline timer. Lets the bare storefront reuse createOrdersClient as is.
 */
export function createBareHttpClient(baseUrl: string): HttpClient {
  return {
    async request<T>(method: string, path: string, ro: { body?: unknown; headers?: Record<string, string> } = {}): Promise<HttpResponse<T>> {
      const headers: Record<string, string> = { accept: 'application/json', ...ro.headers };
      if (ro.body !== undefined) headers['content-type'] = 'application/json';
      const res = await fetch(`${baseUrl}${path}`, { method, headers, body: ro.body === undefined ? null : JSON.stringify(ro.body) });
      const text = await res.text();
      if (!res.ok) throw new AppError(res.status >= 500 ? 'upstream_unavailable' : 'upstream_rejected', res.status >= 500 ? 502 : res.status, `orders answered ${res.status}: ${text.slice(0, 200)}`);
      return { status: res.status, headers: res.headers, body: (text === '' ? undefined : JSON.parse(text)) as T };
    },
  };
}
