/** The services the driver calls; `traffic_requests_total{target}`. */
export type Target = 'storefront' | 'orders' | 'seating';

/**
 * What came back from one request: an answer (any status), a failure the client saw
 * (no answer in time, or no connection), or `stopped` when the driver shut down mid-call.
 */
export type Reply =
  | { kind: 'answer'; status: number; headers: Headers; text: string }
  | { kind: 'failed'; reason: 'timeout' | 'network' }
  | { kind: 'stopped' };

/** A browser's cookies for one site: what the site set, sent back on every request. */
export interface CookieJar {
  get(name: string): string | undefined;
  set(name: string, value: string): void;
  header(): string | undefined;
  keep(headers: Headers): void;
}

export function createCookieJar(): CookieJar {
  const cookies = new Map<string, string>();
  return {
    get: (name) => cookies.get(name),
    set: (name, value) => void cookies.set(name, value),
    header: () => (cookies.size === 0 ? undefined : [...cookies].map(([k, v]) => `${k}=${v}`).join('; ')),
    keep: (headers) => {
      for (const line of headers.getSetCookie()) {
        const [pair = ''] = line.split(';');
        const eq = pair.indexOf('=');
        if (eq > 0) cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
      }
    },
  };
}

export interface SendOptions {
  method?: string;
  /** Sent as a submitted HTML form. */
  form?: Record<string, string>;
  /** Sent as JSON. */
  json?: unknown;
  jar?: CookieJar;
  headers?: Record<string, string>;
}

export interface Requester {
  send(target: Target, url: string, opts?: SendOptions): Promise<Reply>;
}

/** The `status` label of a reply: the HTTP status, `timeout` or `error`; undefined when stopped. */
export function statusLabel(reply: Reply): string | undefined {
  if (reply.kind === 'answer') return String(reply.status);
  if (reply.kind === 'failed') return reply.reason === 'timeout' ? 'timeout' : 'error';
  return undefined;
}

/**
 * fetch as a client would: never follows redirects (the caller sees each 303), keeps a
 * jar's cookies, gives up after `timeoutMs`, and stops at once when `stop` aborts.
 */
export function createRequester(opts: { timeoutMs: number; stop: AbortSignal; onReply: (target: Target, reply: Reply) => void }): Requester {
  return {
    async send(target, url, so = {}) {
      if (opts.stop.aborted) return { kind: 'stopped' };
      const headers = new Headers(so.headers);
      const cookie = so.jar?.header();
      if (cookie !== undefined) headers.set('cookie', cookie);
      let body: string | undefined;
      if (so.form !== undefined) {
        headers.set('content-type', 'application/x-www-form-urlencoded');
        body = new URLSearchParams(so.form).toString();
      } else if (so.json !== undefined) {
        headers.set('content-type', 'application/json');
        body = JSON.stringify(so.json);
      }
      // A plain timer rather than AbortSignal.timeout(): on Node 20 those signals can be
      // garbage-collected mid-request under load, and the deadline silently never fires.
      const controller = new AbortController();
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, opts.timeoutMs);
      const onStop = () => controller.abort();
      opts.stop.addEventListener('abort', onStop, { once: true });
      let reply: Reply;
      try {
        const res = await fetch(url, { method: so.method ?? (body === undefined ? 'GET' : 'POST'), headers, body, redirect: 'manual', signal: controller.signal });
        const text = await res.text();
        so.jar?.keep(res.headers);
        reply = { kind: 'answer', status: res.status, headers: res.headers, text };
      } catch {
        reply = timedOut ? { kind: 'failed', reason: 'timeout' } : opts.stop.aborted ? { kind: 'stopped' } : { kind: 'failed', reason: 'network' };
      } finally {
        clearTimeout(timer);
        opts.stop.removeEventListener('abort', onStop);
      }
      opts.onReply(target, reply);
      return reply;
    },
  };
}
