import type { Express } from 'express';
import type { Server } from 'node:http';
import type { WorkspaceDeps } from '../app.js';
import type { MethodDef } from '../api/method.js';

/** Web API methods that belong to event delivery (apps.connections.open). */
export const deliveryMethods: MethodDef[] = [];

/**
 * Event delivery to the app: Socket Mode (WebSocket upgrade on the HTTP server) and signed
 * HTTP requests; and the interactions the page sends (slash commands, button clicks, view
 * submissions). Returns a close function.
 */
export function mountDelivery(_app: Express, _deps: WorkspaceDeps): { attach(server: Server): void; close(): Promise<void> } {
  return { attach: () => undefined, close: async () => undefined };
}
