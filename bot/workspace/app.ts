import type { Express } from 'express';
import type { Server } from 'node:http';
import { createServiceApp } from '../../services/kit/http-app.js';
import type { ServiceBase } from '../../services/kit/service-base.js';
import { mountAdmin } from './admin.js';
import { webApiMethods } from './api/methods/index.js';
import { createApiRouter } from './api/router.js';
import { mountUploads } from './api/uploads.js';
import type { WorkspaceSettings } from './config.js';
import { deliveryMethods, mountDelivery } from './events/mount.js';
import { mountPage } from './page/mount.js';
import type { WorkspaceStore } from './store.js';

export interface WorkspaceDeps {
  base: ServiceBase;
  store: WorkspaceStore;
  settings: WorkspaceSettings;
}

export interface WorkspaceApp {
  express: Express;
  /** Hooks the WebSocket endpoints (Socket Mode, the page's live updates) onto the listening server. */
  attach(server: Server): void;
  /** Tells connected apps and pages to go (refresh_requested, close frames) before the server stops. */
  drain(): Promise<void>;
  /** Writes the state; call after the server has drained. */
  close(): Promise<void>;
}

/** The local Slack-compatible workspace: Web API, event delivery, admin endpoints and the page. */
export function createWorkspaceApp(deps: WorkspaceDeps): WorkspaceApp {
  let delivery: ReturnType<typeof mountDelivery> | undefined;
  let page: ReturnType<typeof mountPage> | undefined;
  let drained: Promise<void> | undefined;
  const express = createServiceApp({ base: deps.base, readiness: [], parsers: [] }, (app) => {
    app.use('/api', createApiRouter({ store: deps.store, methods: [...webApiMethods, ...deliveryMethods], settings: deps.settings, log: deps.base.log }));
    mountUploads(app, deps);
    mountAdmin(app, deps);
    delivery = mountDelivery(app, deps);
    page = mountPage(app, deps);
  });
  return {
    express,
    attach(server) {
      delivery?.attach(server);
      page?.attach(server);
    },
    drain() {
      drained ??= (async () => {
        await delivery?.close();
        await page?.close();
      })();
      return drained;
    },
    async close() {
      await this.drain();
      deps.store.close();
    },
  };
}
