import { WebSocket } from 'ws';
import { until } from './poll.js';

export interface Envelope {
  envelope_id: string;
  type: string;
  payload: Record<string, unknown> & { event?: Record<string, unknown> };
  accepts_response_payload: boolean;
  retry_attempt?: number;
  retry_reason?: string;
}

export interface RawSocket {
  socket: WebSocket;
  /** Every JSON message the server sent, hello first. */
  received: Array<Record<string, unknown>>;
  pings: number;
  closed: { code: number } | undefined;
  envelopes(): Envelope[];
  /** Waits for the first envelope that matches. */
  next(what: string, match: (e: Envelope) => boolean, timeoutMs?: number): Promise<Envelope>;
  ack(envelopeId: string, payload?: Record<string, unknown>): void;
  close(): Promise<void>;
}

export type Refused = { refused: true; status: number; body: unknown };

/**
 * A bare Socket Mode client (package `ws`) for what Bolt hides: whether an envelope comes
 * again when nobody acks, refused tickets, pings, disconnect messages. It never acks on
 * its own.
 */
export function connectRaw(url: string): Promise<RawSocket | Refused> {
  const socket = new WebSocket(url);
  const raw: RawSocket = {
    socket, received: [], pings: 0, closed: undefined,
    envelopes: () => raw.received.filter((m) => typeof m.envelope_id === 'string') as unknown as Envelope[],
    next: (what, match, timeoutMs) => until(what, () => raw.envelopes().find(match), timeoutMs === undefined ? {} : { timeoutMs }),
    ack: (envelopeId, payload) => socket.send(JSON.stringify({ envelope_id: envelopeId, ...(payload ? { payload } : {}) })),
    close: async () => {
      if (socket.readyState === WebSocket.CLOSED) return;
      const done = new Promise<void>((resolve) => socket.once('close', () => resolve()));
      socket.close(1000);
      await done;
    },
  };
  socket.on('message', (data) => raw.received.push(JSON.parse(data.toString()) as Record<string, unknown>));
  socket.on('ping', () => (raw.pings += 1));
  socket.on('close', (code) => (raw.closed = { code }));
  return new Promise((resolve, reject) => {
    socket.once('unexpected-response', (_req, res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => {
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // Not JSON: keep the text for the assertion message.
        }
        socket.terminate();
        resolve({ refused: true, status: res.statusCode ?? 0, body });
      });
    });
    socket.once('open', () => {
      until('the hello message', () => raw.received.find((m) => m.type === 'hello')).then(() => resolve(raw), reject);
    });
    // Kept on: terminating a refused handshake emits one more error after the answer.
    socket.on('error', (err) => reject(err));
  });
}

export function isRefused(r: RawSocket | Refused): r is Refused {
  return 'refused' in r;
}
