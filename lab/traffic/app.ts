import { randomBytes } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type { Express } from 'express';
import { createServiceApp } from '../../services/kit/http-app.js';
import type { ServiceBase } from '../../services/kit/service-base.js';
import { runApiCall } from './api-clients.js';
import type { TrafficConfig } from './config.js';
import { createRequester, statusLabel } from './http.js';
import { startLoop, type Loop } from './loop.js';
import { createTrafficMetrics, type LoopName, type TrafficCounts } from './metrics.js';
import { createRecent } from './recent.js';
import { runSession } from './shoppers.js';
import { runBuyer, type HeldTicket } from './tickets.js';

export interface TrafficAppDeps {
  base: ServiceBase;
  config: Pick<TrafficConfig, 'targets' | 'deploy'>;
  /** How long close() lets sessions in flight finish before cutting them off. */
  drainMs?: number;
}

export interface TrafficStatus {
  service: 'traffic';
  startedAt: string;
  seed: number;
  rates: { sessionsPerSecond: number; ticketBuyersPerSecond: number; apiCallsPerSecond: number };
  targets: TrafficConfig['targets'];
  inFlight: Record<LoopName, number>;
  knownOrders: number;
  heldTickets: number;
  counts: TrafficCounts;
}

export interface TrafficApp {
  express: Express;
  status(): TrafficStatus;
  /** Stops the loops, lets runs in flight finish for up to drainMs, then cuts the rest off. */
  close(): Promise<void>;
}

const KNOWN_ORDERS = 500;
const KNOWN_CARTS = 200;

/** The traffic driver: shoppers, ticket buyers and API clients, started at once and run until close(). */
export function createTrafficApp(deps: TrafficAppDeps): TrafficApp {
  const { base, config } = deps;
  const { deploy, targets } = config;
  const loops: Partial<Record<LoopName, Loop>> = {};
  const inFlight = (): Record<LoopName, number> => ({
    shoppers: loops.shoppers?.inFlight() ?? 0,
    tickets: loops.tickets?.inFlight() ?? 0,
    api_clients: loops.api_clients?.inFlight() ?? 0,
  });
  const metrics = createTrafficMetrics(base.metrics.registry, inFlight);
  const stop = new AbortController();
  const http = createRequester({
    timeoutMs: deploy.requestTimeoutMs,
    stop: stop.signal,
    onReply: (target, reply) => {
      const status = statusLabel(reply);
      if (status !== undefined) metrics.request(target, status);
    },
  });
  const orders = createRecent<string>(KNOWN_ORDERS);
  const carts = createRecent<string>(KNOWN_CARTS);
  const held = new Map<string, HeldTicket>();
  const runId = randomBytes(4).toString('hex');
  const startedAt = new Date().toISOString();

  const loop = (name: LoopName, ratePerSecond: number, maxConcurrent: number, run: (n: number) => Promise<void>) =>
    startLoop({ name, ratePerSecond, maxConcurrent, log: base.log, run, skipped: () => metrics.skipped(name) });
  loops.shoppers = loop('shoppers', deploy.shoppers.sessionsPerSecond, deploy.shoppers.maxConcurrent, (n) =>
    runSession({ storefrontUrl: targets.storefrontUrl, ordersUrl: targets.ordersUrl, deploy, http, metrics, orders, carts, log: base.log }, n));
  loops.tickets = loop('tickets', deploy.tickets.buyersPerSecond, deploy.tickets.maxConcurrent, (n) =>
    runBuyer({ seatingUrl: targets.seatingUrl, deploy, http, metrics, held, runId, log: base.log }, n));
  loops.api_clients = loop('api_clients', deploy.apiClients.callsPerSecond, deploy.apiClients.maxConcurrent, (n) =>
    runApiCall({ ordersUrl: targets.ordersUrl, seed: deploy.seed, orderFraction: deploy.apiClients.orderFraction, runId, http, metrics, orders }, n));

  const status = (): TrafficStatus => ({
    service: 'traffic',
    startedAt,
    seed: deploy.seed,
    rates: {
      sessionsPerSecond: deploy.shoppers.sessionsPerSecond,
      ticketBuyersPerSecond: deploy.tickets.buyersPerSecond,
      apiCallsPerSecond: deploy.apiClients.callsPerSecond,
    },
    targets,
    inFlight: inFlight(),
    knownOrders: orders.size(),
    heldTickets: held.size,
    counts: metrics.counts,
  });

  const express = createServiceApp({ base }, (app) => {
    app.get('/status', (_req, res) => {
      res.json(status());
    });
  });

  let closing: Promise<void> | undefined;
  return {
    express,
    status,
    close: () => {
      closing ??= (async () => {
        const all = Object.values(loops);
        for (const l of all) l.halt();
        const settled = Promise.all(all.map((l) => l.settled()));
        const drain = new AbortController();
        await Promise.race([settled, delay(deps.drainMs ?? 2000, undefined, { signal: drain.signal }).catch(() => undefined)]);
        drain.abort();
        stop.abort();
        await settled;
        base.log.info({ counts: metrics.counts }, 'traffic stopped');
      })();
      return closing;
    },
  };
}
