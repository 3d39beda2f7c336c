import { z } from 'zod';
import { commonEnv, type Env } from '../../services/kit/config.js';
import type { CommonSettings } from '../../services/kit/service-base.js';
import { loadServiceConfig } from '../../services/kit/service-config.js';

const rate = (fallback: number, what: string) => z.number().min(0).max(1000).default(fallback).describe(what);
const fraction = (fallback: number, what: string) => z.number().min(0).max(1).default(fallback).describe(what);
const cap = (fallback: number, what: string) => z.number().int().min(1).max(10_000).default(fallback).describe(what);

/** `lab/traffic/traffic.yaml`: the lab's steady load. It belongs to the lab, not to the shop repository. */
export const trafficDeploySchema = z.object({
  seed: z.number().int().min(0).max(2 ** 32 - 1).default(7)
    .describe('Seeds every random choice: the same seed gives every session, buyer and call the same plan.'),
  requestTimeoutMs: z.number().int().min(100).max(120_000).default(10_000)
    .describe('How long a shopper, buyer or API client waits for one answer before giving up.'),
  shoppers: z.object({
    sessionsPerSecond: rate(1, 'New shopper sessions started per second, whether or not earlier ones finished.'),
    checkoutProbability: fraction(0.4, 'Share of sessions that go on from the cart to checkout.'),
    repeatBuyerFraction: fraction(0.2, 'Share of sessions that come back with an earlier shopper\'s cart cookie.'),
    maxConcurrent: cap(50, 'Sessions in flight at most; a session due beyond it is not started (traffic_sessions_skipped_total).'),
  }).strict().prefault({}),
  tickets: z.object({
    buyersPerSecond: rate(0.5, 'Ticket buyers per second at seating.'),
    bestAvailableFraction: fraction(0.2, 'Share of buyers who press "best available" (the first free seat), so buyers looking at the same map collide.'),
    partyFraction: fraction(0.5, 'Share of "best available" buyers who are a party of 2-4 friends, each pressing it on their own phone at the same moment.'),
    refundFraction: fraction(0.5, 'Chance that a buyer also returns one of the driver\'s earlier tickets.'),
    maxOccupancy: fraction(0.75, 'When an event\'s map is fuller than this, a buyer returns one of the driver\'s tickets of it first, so maps never fill.'),
    maxConcurrent: cap(10, 'Buyers in flight at most.'),
  }).strict().prefault({}),
  apiClients: z.object({
    callsPerSecond: rate(2, 'Calls per second straight to orders by the mobile app: mostly polling orders this driver placed, some placing orders.'),
    orderFraction: fraction(0.1, 'Share of the mobile app\'s calls that place an order straight on the orders API (with an Idempotency-Key), bypassing storefront.'),
    maxConcurrent: cap(20, 'API calls in flight at most.'),
  }).strict().prefault({}),
}).strict();

const LOOPBACK_MESSAGE = 'traffic is only generated against loopback hosts: 127.0.0.0/8, localhost or ::1 (an http URL such as http://127.0.0.1:8080)';

/** True for an http(s) URL whose host is on this machine: 127.0.0.0/8, localhost or ::1. */
export function isLoopbackUrl(text: string): boolean {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  // The URL parser has already normalised 127.1, 0x7f.1 and 2130706433 to dotted quads.
  const host = url.hostname;
  return host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

const loopbackUrl = (fallback: string) => z.string().refine(isLoopbackUrl, LOOPBACK_MESSAGE).default(fallback);

export const trafficEnvSchema = z.object({
  ...commonEnv(8085),
  STOREFRONT_URL: loopbackUrl('http://127.0.0.1:8080'),
  ORDERS_URL: loopbackUrl('http://127.0.0.1:8081'),
  SEATING_URL: loopbackUrl('http://127.0.0.1:8084'),
}).strict();

export type TrafficDeployConfig = z.output<typeof trafficDeploySchema>;

export interface TrafficTargets {
  storefrontUrl: string;
  ordersUrl: string;
  seatingUrl: string;
}

export interface TrafficConfig {
  settings: CommonSettings;
  targets: TrafficTargets;
  deploy: TrafficDeployConfig;
}

const trimmed = (url: string) => url.replace(/\/+$/, '');

export function loadTrafficConfig(env: Env): TrafficConfig {
  const loaded = loadServiceConfig('traffic', trafficEnvSchema, trafficDeploySchema, env);
  return Object.freeze({
    settings: loaded.settings,
    targets: Object.freeze({
      storefrontUrl: trimmed(loaded.env.STOREFRONT_URL),
      ordersUrl: trimmed(loaded.env.ORDERS_URL),
      seatingUrl: trimmed(loaded.env.SEATING_URL),
    }),
    deploy: loaded.deploy,
  });
}
