import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebClient } from '@slack/web-api';
import { afterEach, describe, expect, it } from 'vitest';
import { createServiceApp } from '../../../services/kit/http-app.js';
import { listen, testBase } from '../../../test/support/apps.js';
import { startBoltApp, type StartedBoltApp } from '../../../test/support/bolt-app.js';
import { until } from '../../../test/support/poll.js';
import { webApiMethods } from '../api/methods/index.js';
import { createApiRouter } from '../api/router.js';
import { workspaceDeploySchema } from '../config.js';
import { credentials } from '../credentials.js';
import { createStore } from '../store.js';
import { deliveryMethods, mountDelivery, type EventDelivery } from './mount.js';
import { socketHubDefaults, type SocketHubOptions } from './socket-hub.js';
import { connectRaw, isRefused, type RawSocket } from '../../../test/support/raw-socket.js';

/**
 * The Socket Mode side alone, with its timings shortened (createWorkspaceApp keeps Slack's:
 * pings every 10 s, a refresh after about five hours).
 */
async function startHub(options: Partial<Omit<SocketHubOptions, 'ackTimeoutMs'>>) {
  const { base, logs } = testBase('workspace');
  const settings = workspaceDeploySchema.parse({});
  const store = createStore({ stateDir: mkdtempSync(join(tmpdir(), 'fd-hub-')), settings, log: base.log });
  let delivery: EventDelivery | undefined;
  const express = createServiceApp({ base, parsers: [] }, (app) => {
    app.use('/api', createApiRouter({ store, methods: [...webApiMethods, ...deliveryMethods], settings, log: base.log }));
    delivery = mountDelivery(app, { base, store, settings }, options);
  });
  const server = await listen(express, base);
  if (!delivery) throw new Error('delivery was not mounted');
  delivery.attach(server.server);
  const creds = credentials(store, server.url);
  const hub = delivery;
  return {
    delivery: hub, logs, creds, url: server.url,
    raw: async (): Promise<RawSocket> => {
      const { url } = await new WebClient(creds.appToken, { slackApiUrl: creds.apiUrl, retryConfig: { retries: 0 } }).apps.connections.open();
      const r = await connectRaw(url ?? '');
      if (isRefused(r)) throw new Error(JSON.stringify(r.body));
      return r;
    },
    stop: async () => {
      await server.close();
      await hub.close();
      store.close();
    },
  };
}

type Hub = Awaited<ReturnType<typeof startHub>>;
let hub: Hub | undefined;
let raw: RawSocket | undefined;
let bolt: StartedBoltApp | undefined;
afterEach(async () => {
  await bolt?.stop();
  await raw?.close();
  await hub?.stop();
  [bolt, raw, hub] = [undefined, undefined, undefined];
});

describe('Socket Mode connection lifecycle', () => {
  it('pings, warns before the connection time is up, asks for a refresh, and cuts off a client that stays', async () => {
    hub = await startHub({ pingIntervalMs: 100, connectionTimeSeconds: 1, warningLeadMs: 500, refreshGraceMs: 200 });
    raw = await hub.raw();
    expect(raw.received[0]).toMatchObject({ type: 'hello', debug_info: { approximate_connection_time: 1 } });
    await until('two server pings', () => (raw?.pings ?? 0) >= 2);
    const disconnects = () => raw?.received.filter((m) => m.type === 'disconnect') ?? [];
    await until('warning and refresh_requested', () => disconnects().length === 2);
    expect(disconnects()).toEqual([
      { type: 'disconnect', reason: 'warning', debug_info: { host: expect.stringMatching(/^applink-/) } },
      { type: 'disconnect', reason: 'refresh_requested', debug_info: { host: expect.stringMatching(/^applink-/) } },
    ]);
    await until('the server to drop the connection', () => raw?.closed);
    expect(hub.delivery.openConnections()).toBe(0);
  });

  it('Bolt\'s client leaves when told and comes back with a new ticket', async () => {
    hub = await startHub({ connectionTimeSeconds: 2, warningLeadMs: 1000 });
    bolt = await startBoltApp(hub, 'socket');
    const opened = () => hub?.logs.filter((r) => r.msg === 'socket mode connection opened') ?? [];
    // @slack/socket-mode waits 5 s (its clientPingTimeout) before reconnecting.
    await until('Bolt to reconnect', () => opened().length >= 2, { timeoutMs: 30_000 });
    const closed = hub.logs.find((r) => r.msg === 'socket mode connection closed');
    expect(closed).toMatchObject({ connection: 'c1', code: 1000 });
    expect(opened().map((r) => r.connection).slice(0, 2)).toEqual(['c1', 'c2']);
  });

  it('closing the workspace tells connected clients to refresh and closes with 1001', async () => {
    hub = await startHub({});
    raw = await hub.raw();
    expect(raw.received[0]).toMatchObject({ debug_info: { approximate_connection_time: socketHubDefaults.connectionTimeSeconds } });
    await hub.delivery.close();
    await until('the close', () => raw?.closed);
    expect(raw.closed).toEqual({ code: 1001 });
    expect(raw.received.at(-1)).toMatchObject({ type: 'disconnect', reason: 'refresh_requested' });
  });
});
