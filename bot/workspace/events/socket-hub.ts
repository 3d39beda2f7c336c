import { randomBytes } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import type { WorkspaceStore } from '../store.js';
import type { Attempt, Transport } from './envelope.js';
import { responseOf } from './envelope.js';
import { useTicket } from './tickets.js';

export interface SocketHubOptions {
  ackTimeoutMs: number;
  /** How often the server pings each connection; @slack/socket-mode closes after 30 s without one. */
  pingIntervalMs: number;
  /** `approximate_connection_time` in hello: when the server asks the client to reconnect. */
  connectionTimeSeconds: number;
  /** How long before that the `warning` disconnect comes. */
  warningLeadMs: number;
  /** How long a client told to refresh may take to leave before it is cut off. */
  refreshGraceMs: number;
}

export const socketHubDefaults: Omit<SocketHubOptions, 'ackTimeoutMs'> = {
  pingIntervalMs: 10_000,
  // Slack's hello reports about five hours (18060 s) before it refreshes a connection.
  connectionTimeSeconds: 18_060,
  warningLeadMs: 10_000,
  refreshGraceMs: 5000,
};

interface Connection {
  id: string;
  client: WebSocket;
  timers: NodeJS.Timeout[];
  awaitingPong: number;
}

export interface SocketHub {
  attach(server: Server): void;
  /** A transport over the open connections, or undefined when none is open. */
  transport(): Transport | undefined;
  openConnections(): number;
  close(): Promise<void>;
}

/** An HTTP answer on a raw socket, for refused upgrades: the WebSocket never opens. */
function refuse(socket: Duplex, status: number, body: Record<string, unknown>): void {
  const text = JSON.stringify(body);
  const reason = status === 401 ? 'Unauthorized' : 'Bad Request';
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`);
}

/**
 * Socket Mode's server side, as @slack/socket-mode 3 expects it: `/link/?ticket=` upgrades
 * with a single-use ticket, a `hello` first, server pings, envelopes acked by
 * `{envelope_id, payload?}`, and `disconnect` messages (warning, then refresh_requested)
 * when a connection has lived its time.
 */
export function createSocketHub(deps: { store: WorkspaceStore; log: Logger; options: SocketHubOptions }): SocketHub {
  const { store, log, options } = deps;
  const host = `applink-firedrill-${randomBytes(4).toString('hex')}`;
  const wss = new WebSocketServer({ noServer: true, clientTracking: false, maxPayload: 5 * 1024 * 1024 });
  const connections = new Map<string, Connection>();
  const waiting = new Map<string, (result: Attempt) => void>();
  let seq = 0;

  const send = (conn: Connection, message: Record<string, unknown>) => {
    if (conn.client.readyState === WebSocket.OPEN) conn.client.send(JSON.stringify(message));
  };
  const disconnect = (conn: Connection, reason: 'warning' | 'refresh_requested') =>
    send(conn, { type: 'disconnect', reason, debug_info: { host } });

  const onMessage = (conn: Connection, data: RawData, isBinary: boolean) => {
    if (isBinary) return;
    let message: unknown;
    try {
      message = JSON.parse(data.toString());
    } catch {
      log.debug({ connection: conn.id }, 'socket message is not JSON: ignored');
      return;
    }
    const envelopeId = (message as { envelope_id?: unknown }).envelope_id;
    const settle = typeof envelopeId === 'string' ? waiting.get(envelopeId) : undefined;
    if (!settle) {
      log.debug({ connection: conn.id, envelopeId }, 'ack for no awaited envelope: ignored');
      return;
    }
    settle({ acked: true, response: responseOf((message as { payload?: unknown }).payload) });
  };

  const open = (client: WebSocket) => {
    seq += 1;
    const conn: Connection = { id: `c${seq}`, client, timers: [], awaitingPong: 0 };
    connections.set(conn.id, conn);
    client.on('message', (data, isBinary) => onMessage(conn, data, isBinary));
    client.on('pong', () => (conn.awaitingPong = 0));
    client.on('error', (err) => log.warn({ err, connection: conn.id }, 'socket mode connection error'));
    client.on('close', (code) => {
      for (const t of conn.timers) clearTimeout(t);
      connections.delete(conn.id);
      log.info({ connection: conn.id, code, open: connections.size }, 'socket mode connection closed');
    });
    const ping = setInterval(() => {
      // Three pings without a pong: the peer is gone without a close frame.
      if (conn.awaitingPong >= 3) {
        client.terminate();
        return;
      }
      conn.awaitingPong += 1;
      client.ping();
    }, options.pingIntervalMs);
    const lifetimeMs = options.connectionTimeSeconds * 1000;
    const warn = setTimeout(() => disconnect(conn, 'warning'), Math.max(0, lifetimeMs - options.warningLeadMs));
    const refresh = setTimeout(() => {
      disconnect(conn, 'refresh_requested');
      // The client closes on its own when told; one that does not is cut off.
      conn.timers.push(setTimeout(() => client.terminate(), options.refreshGraceMs).unref());
    }, lifetimeMs);
    conn.timers.push(ping.unref(), warn.unref(), refresh.unref());
    send(conn, {
      type: 'hello', num_connections: connections.size,
      debug_info: { host, build_number: 1, approximate_connection_time: options.connectionTimeSeconds },
      connection_info: { app_id: store.state.app.id },
    });
    log.info({ connection: conn.id, open: connections.size }, 'socket mode connection opened');
  };

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://workspace');
    // Other upgrades (the page's live updates) belong to other listeners.
    if (url.pathname !== '/link/' && url.pathname !== '/link') return;
    socket.on('error', (err) => log.debug({ err }, 'socket mode upgrade socket error'));
    const check = useTicket(store, url.searchParams.get('ticket'), url.searchParams.get('app_id'));
    if (!check.ok) {
      log.warn({ error: check.error }, 'socket mode connection refused');
      refuse(socket, 401, { ok: false, error: check.error, detail: 'get a new URL from apps.connections.open; each ticket connects once' });
      return;
    }
    wss.handleUpgrade(req, socket, head, open);
  };

  const live = () => [...connections.values()].filter((c) => c.client.readyState === WebSocket.OPEN);

  const transport: Transport = {
    name: 'socket',
    attempt: (delivery, info) => new Promise<Attempt>((resolve) => {
      const targets = live();
      // Slack spreads envelopes over an app's connections; any one of them will do.
      const conn = targets[Math.floor(Math.random() * targets.length)];
      if (!conn) {
        resolve({ acked: false, reason: 'timeout', timedOut: false });
        return;
      }
      const settle = (result: Attempt) => {
        clearTimeout(timer);
        waiting.delete(info.envelopeId);
        resolve(result);
      };
      const timer = setTimeout(() => settle({ acked: false, reason: 'timeout', timedOut: true }), options.ackTimeoutMs);
      waiting.set(info.envelopeId, settle);
      send(conn, {
        envelope_id: info.envelopeId, payload: delivery.payload, type: delivery.type, accepts_response_payload: delivery.acceptsResponsePayload,
        ...(delivery.type === 'events_api' ? { retry_attempt: info.attempt, retry_reason: info.retryReason } : {}),
      });
    }),
  };

  let server: Server | undefined;
  return {
    attach(s) {
      server = s;
      s.on('upgrade', onUpgrade);
    },
    transport: () => (live().length > 0 ? transport : undefined),
    openConnections: () => live().length,
    async close() {
      server?.off('upgrade', onUpgrade);
      for (const conn of connections.values()) {
        disconnect(conn, 'refresh_requested');
        conn.client.close(1001, 'workspace shutting down');
      }
      // Anything still waiting for an ack will not get one now.
      for (const settle of [...waiting.values()]) settle({ acked: false, reason: 'timeout', timedOut: false });
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      for (const conn of connections.values()) conn.client.terminate();
    },
  };
}
