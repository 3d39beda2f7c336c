import type { Express } from 'express';
import type { Server } from 'node:http';
import type { WorkspaceDeps } from '../app.js';

/** The web page at `/`: channels, threads, composer, Block Kit, modals, live updates. */
export function mountPage(_app: Express, _deps: WorkspaceDeps): { attach(server: Server): void; close(): Promise<void> } {
  return { attach: () => undefined, close: async () => undefined };
}
