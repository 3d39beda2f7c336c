import { request as httpRequest, type ClientRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Logger } from 'pino';
import type { WorkspaceStore } from '../store.js';
import { responseOf, type Attempt, type Delivery, type Transport } from './envelope.js';
import { signedHeaders } from './signing.js';

/**
 * How Slack encodes each kind for a request URL: events as JSON, slash commands as form
 * fields, interactions as one form field `payload` holding JSON.
 */
export function encodeForHttp(delivery: Delivery): { contentType: string; body: string } {
  if (delivery.type === 'events_api') return { contentType: 'application/json', body: JSON.stringify(delivery.payload) };
  if (delivery.type === 'slash_commands') {
    const fields = Object.entries(delivery.payload).map(([k, v]): [string, string] => [k, typeof v === 'string' ? v : JSON.stringify(v)]);
    return { contentType: 'application/x-www-form-urlencoded', body: new URLSearchParams(fields).toString() };
  }
  return { contentType: 'application/x-www-form-urlencoded', body: new URLSearchParams({ payload: JSON.stringify(delivery.payload) }).toString() };
}

/** A 200's body as an ack payload: JSON when it says so, else text (Bolt's `ack('text')`). */
function parseAckBody(contentType: string | undefined, text: string): Record<string, unknown> | undefined {
  if (contentType?.includes('json')) {
    try {
      return responseOf(JSON.parse(text));
    } catch {
      return responseOf(text);
    }
  }
  return responseOf(text);
}

export interface HttpTransport {
  /** A transport to the app's request URL, when it has one. */
  transport(): Transport | undefined;
  close(): void;
}

/** Signed POSTs to `app.request_url`; an ack is a 200 within the deadline. */
export function createHttpTransport(deps: { store: WorkspaceStore; log: Logger; ackTimeoutMs: number }): HttpTransport {
  const inFlight = new Set<ClientRequest>();

  const post = (url: URL, delivery: Delivery, retry: { attempt: number; reason: string }) => new Promise<Attempt>((resolve) => {
    const { contentType, body } = encodeForHttp(delivery);
    const headers: Record<string, string | number> = {
      'content-type': contentType, 'content-length': Buffer.byteLength(body), 'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
      ...signedHeaders(deps.store.state.app.signing_secret, body),
      ...(retry.attempt > 0 ? { 'x-slack-retry-num': String(retry.attempt), 'x-slack-retry-reason': retry.reason } : {}),
    };
    // A fresh connection each time (agent: false): pooled keep-alive sockets would hold the
    // app's server open when it stops, and Slack's requests do not share one either.
    const req = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, { method: 'POST', headers, agent: false });
    inFlight.add(req);
    let done = false;
    const finish = (result: Attempt) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      inFlight.delete(req);
      resolve(result);
    };
    const timer = setTimeout(() => {
      finish({ acked: false, reason: 'http_timeout', timedOut: true });
      req.destroy();
    }, deps.ackTimeoutMs);
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        if (res.statusCode === 200) finish({ acked: true, response: parseAckBody(res.headers['content-type'], text) });
        else {
          deps.log.warn({ status: res.statusCode, url: url.href, body: text.slice(0, 200) }, 'request URL refused the delivery');
          finish({ acked: false, reason: 'http_error', timedOut: false });
        }
      });
      res.on('error', () => finish({ acked: false, reason: 'connection_failed', timedOut: false }));
    });
    req.on('error', (err) => {
      deps.log.warn({ err, url: url.href }, 'request URL unreachable');
      finish({ acked: false, reason: 'connection_failed', timedOut: false });
    });
    req.end(body);
  });

  return {
    transport() {
      const target = deps.store.state.app.request_url;
      if (!target) return undefined;
      return { name: 'http', attempt: (delivery, info) => post(new URL(target), delivery, { attempt: info.attempt, reason: info.retryReason }) };
    },
    close() {
      for (const req of inFlight) req.destroy();
      inFlight.clear();
    },
  };
}
