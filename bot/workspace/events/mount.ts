import express, { type Express, type Request, type Response } from 'express';
import type { Server } from 'node:http';
import { badRequest } from '../../../services/kit/errors.js';
import type { WorkspaceDeps } from '../app.js';
import type { MethodDef } from '../api/method.js';
import { appsConnectionsOpen } from './connections-open.js';
import { createDispatcher } from './dispatcher.js';
import { startEventSource } from './event-source.js';
import { createHttpTransport } from './http-delivery.js';
import { createPageApiRouter, renderSlackStyleError } from './page-api/router.js';
import { createResponses } from './responses.js';
import { createSocketHub, socketHubDefaults, type SocketHubOptions } from './socket-hub.js';

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw badRequest('invalid_json', 'the payload field is not valid JSON', err);
  }
}

/** Web API methods that belong to event delivery. */
export const deliveryMethods: MethodDef[] = [appsConnectionsOpen];

export interface EventDelivery {
  attach(server: Server): void;
  /** Open Socket Mode connections, for status pages and tests. */
  openConnections(): number;
  close(): Promise<void>;
}

/**
 * Event delivery to the app: Socket Mode (WebSocket upgrade on the HTTP server) and signed
 * HTTP requests; and the interactions the page sends (slash commands, button clicks, view
 * submissions). Socket timings can be shortened for tests; the ack deadline is the setting.
 */
export function mountDelivery(app: Express, deps: WorkspaceDeps, options: Partial<Omit<SocketHubOptions, 'ackTimeoutMs'>> = {}): EventDelivery {
  const { store } = deps;
  const log = deps.base.log.child({ component: 'delivery' });
  const ackTimeoutMs = deps.settings.ackTimeoutMs;
  const hub = createSocketHub({ store, log, options: { ...socketHubDefaults, ...options, ackTimeoutMs } });
  const http = createHttpTransport({ store, log, ackTimeoutMs });
  const dispatcher = createDispatcher({ socket: hub.transport, http: http.transport, log });
  const responses = createResponses(store);
  const stopEvents = startEventSource({ store, dispatcher, log });

  // Bolt's respond() posts JSON here; Slack's response URLs also take form fields.
  app.post('/response/:id', express.json({ limit: '1mb' }), express.urlencoded({ extended: false }), (req: Request, res: Response) => {
    const form = req.body as { payload?: unknown } | undefined;
    res.json({ ok: true, ...responses.respond(String(req.params.id), typeof form?.payload === 'string' ? parseJson(form.payload) : req.body) });
  }, renderSlackStyleError({ log }));
  app.use('/page-api', createPageApiRouter({ store, dispatcher, responses, log }));

  return {
    attach: (server) => hub.attach(server),
    openConnections: hub.openConnections,
    async close() {
      stopEvents();
      http.close();
      await hub.close();
    },
  };
}
