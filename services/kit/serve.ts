import type { Express } from 'express';
import { stopOnSignals } from './process.js';
import { startServer, type RunningServer } from './server.js';
import type { CommonSettings, ServiceBase } from './service-base.js';

export interface ServeOptions {
  base: ServiceBase;
  settings: CommonSettings;
  express: Express;
  /** Extra fields for the 'listening' line: what a person starting it wants to see. */
  fields?: Record<string, unknown>;
  /** Releases the service's own resources after the server has drained. */
  close: () => Promise<void>;
  /** Runs before the server stops accepting: say goodbye on long-lived connections (WebSockets, streams). */
  beforeClose?: () => Promise<void>;
}

/**
 * The end of every main.ts: listen on the configured port, log 'listening' with the port
 * actually bound (supervisors and tests read it), and on SIGTERM/SIGINT drain, close and
 * exit. main.ts hands over `process`, so signals stay its business.
 */
export async function serveUntilStopped(proc: NodeJS.Process, opts: ServeOptions): Promise<RunningServer> {
  const { base, settings } = opts;
  const server = await startServer(opts.express, {
    port: settings.port,
    host: settings.host,
    log: base.log,
    lifecycle: base.lifecycle,
    shutdownTimeoutMs: settings.shutdownTimeoutMs,
  });
  base.log.info({ port: server.port, url: server.url, deployConfig: settings.configFile ?? 'defaults', ...opts.fields }, 'listening');
  stopOnSignals(proc, {
    log: base.log,
    errors: base.errors,
    stop: async () => {
      await opts.beforeClose?.();
      await server.close();
      await opts.close();
      await base.tracing.shutdown();
    },
  });
  return server;
}
