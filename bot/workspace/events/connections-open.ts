import { method } from '../api/method.js';
import { mintTicket } from './tickets.js';

/**
 * `apps.connections.open`: an app-level token (connections:write) gets a one-time WebSocket
 * URL. Slack answers `wss://wss-primary.slack.com/link/?ticket=…&app_id=…`; here the host
 * is the workspace itself, as the caller reached it.
 */
export const appsConnectionsOpen = method({
  name: 'apps.connections.open', tokens: ['app'], scopes: ['connections:write'],
  handle: (ctx) => {
    const appId = ctx.store.state.app.id;
    const ticket = mintTicket(ctx.store, appId);
    const base = ctx.baseUrl.replace(/^http/, 'ws');
    return { url: `${base}/link/?ticket=${encodeURIComponent(ticket)}&app_id=${encodeURIComponent(appId)}` };
  },
});
