import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Express } from 'express';
import type { Logger } from 'pino';
import type { Lifecycle } from './http-app.js';

export interface RunningServer {
  port: number;
  url: string;
  server: Server;
  /** Stops accepting, lets in-flight requests finish (up to the timeout), then closes. */
  close(): Promise<void>;
}

export interface StartOptions {
  port: number;
  host: string;
  log: Logger;
  lifecycle?: Lifecycle;
  shutdownTimeoutMs?: number;
}

export async function startServer(app: Express, opts: StartOptions): Promise<RunningServer> {
  const server = createServer(app);
  // Keep-alive sockets from callers would otherwise hold close() open until they time out.
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${opts.host.includes(':') ? `[${opts.host}]` : opts.host}:${port}`;
  let closing: Promise<void> | undefined;
  // server.close() only closes idle connections; a keep-alive connection whose request is
  // in flight would stay open after the reply until keepAliveTimeout, holding close() up.
  const inFlight = new Set<ServerResponse>();
  // Sockets that have not carried a request yet (clients open spares, e.g. after an abort)
  // are neither idle nor busy to Node, so close() would wait for them to time out.
  const unused = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    unused.add(socket);
    socket.once('close', () => unused.delete(socket));
  });
  server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
    unused.delete(req.socket);
    if (closing) res.shouldKeepAlive = false;
    inFlight.add(res);
    res.once('close', () => inFlight.delete(res));
  });

  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      if (opts.lifecycle) opts.lifecycle.draining = true;
      for (const res of inFlight) {
        if (!res.headersSent) res.shouldKeepAlive = false;
        else res.once('finish', () => setImmediate(() => server.closeIdleConnections()));
      }
      const timeout = opts.shutdownTimeoutMs ?? 10_000;
      const force = setTimeout(() => {
        opts.log.warn({ timeoutMs: timeout }, 'shutdown timeout: closing remaining connections');
        server.closeAllConnections();
      }, timeout);
      force.unref();
      server.close(() => {
        clearTimeout(force);
        resolve();
      });
      server.closeIdleConnections();
      for (const socket of unused) socket.destroy();
    });
    return closing;
  };
  return { port, url, server, close };
}
