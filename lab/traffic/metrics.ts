import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { Target } from './http.js';
import { sessionOutcomes, type SessionOutcome } from './outcome.js';

export type TicketOutcome = 'assigned' | 'seat_taken' | 'refunded' | 'sold_out' | 'error';
export const ticketOutcomes: readonly TicketOutcome[] = ['assigned', 'seat_taken', 'refunded', 'sold_out', 'error'];
export type LoopName = 'shoppers' | 'tickets' | 'api_clients';
export type ApiClient = 'mobile_app';

/** What the driver has done so far, for GET /status; the same figures as the metrics. */
export interface TrafficCounts {
  sessions: Record<SessionOutcome | 'skipped', number>;
  checkouts: Record<SessionOutcome, number>;
  checkoutValueCents: number;
  tickets: Record<TicketOutcome, number>;
  ticketBuyersSkipped: number;
  apiCalls: Record<string, number>;
  apiCallsSkipped: number;
  requests: Record<string, number>;
}

/** Every figure the driver exports: the ground truth for failed shoppers and lost checkouts. */
export interface TrafficMetrics {
  counts: TrafficCounts;
  session(outcome: SessionOutcome, seconds: number): void;
  checkout(outcome: SessionOutcome, valueCents?: number): void;
  skipped(loop: LoopName): void;
  request(target: Target, status: string): void;
  ticket(outcome: TicketOutcome): void;
  apiCall(client: ApiClient, status: string): void;
}

const zeros = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

export function createTrafficMetrics(registry: Registry, inFlight: () => Record<LoopName, number>): TrafficMetrics {
  const sessions = new Counter({
    name: 'traffic_sessions_total',
    help: 'Shopper sessions by outcome: completed (every page answered), blocked (storefront answered 503, the breaker\'s right-back page), abandoned (another error, a timeout or no connection).',
    labelNames: ['outcome'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'traffic_session_duration_seconds',
    help: 'Shopper session duration from the first page to the last answer, by outcome.',
    labelNames: ['outcome'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [registry],
  });
  const skipped = new Counter({
    name: 'traffic_sessions_skipped_total',
    help: 'Runs due but not started because the loop already had maxConcurrent in flight, by loop.',
    labelNames: ['loop'],
    registers: [registry],
  });
  const checkouts = new Counter({
    name: 'traffic_checkouts_total',
    help: 'Sessions that went on to checkout, by outcome: completed (order placed), blocked, abandoned.',
    labelNames: ['outcome'],
    registers: [registry],
  });
  const value = new Counter({
    name: 'traffic_checkout_value_cents_total',
    help: 'Sum of the order totals of completed checkouts, in US cents.',
    registers: [registry],
  });
  const requests = new Counter({
    name: 'traffic_requests_total',
    help: 'Requests sent, by target service and status: the HTTP status, timeout or error (no connection).',
    labelNames: ['target', 'status'],
    registers: [registry],
  });
  const tickets = new Counter({
    name: 'traffic_tickets_total',
    help: 'Ticket buyer actions at seating: assigned, seat_taken (lost the seat to another buyer), refunded, sold_out (no free seat), error.',
    labelNames: ['outcome'],
    registers: [registry],
  });
  const apiCalls = new Counter({
    name: 'traffic_api_calls_total',
    help: 'Calls straight to the orders API by client and status.',
    labelNames: ['client', 'status'],
    registers: [registry],
  });
  new Gauge({
    name: 'traffic_in_flight',
    help: 'Sessions, buyers and API calls in flight right now, by loop.',
    labelNames: ['loop'],
    registers: [registry],
    collect() {
      for (const [loop, n] of Object.entries(inFlight())) this.set({ loop }, n);
    },
  });
  for (const outcome of sessionOutcomes) {
    sessions.inc({ outcome }, 0);
    checkouts.inc({ outcome }, 0);
  }
  for (const outcome of ticketOutcomes) tickets.inc({ outcome }, 0);
  skipped.inc({ loop: 'shoppers' }, 0);

  const counts: TrafficCounts = {
    sessions: zeros([...sessionOutcomes, 'skipped']),
    checkouts: zeros(sessionOutcomes),
    checkoutValueCents: 0,
    tickets: zeros(ticketOutcomes),
    ticketBuyersSkipped: 0,
    apiCalls: {},
    apiCallsSkipped: 0,
    requests: {},
  };
  return {
    counts,
    session: (outcome, seconds) => {
      sessions.inc({ outcome });
      duration.observe({ outcome }, seconds);
      counts.sessions[outcome] += 1;
    },
    checkout: (outcome, valueCents) => {
      checkouts.inc({ outcome });
      counts.checkouts[outcome] += 1;
      if (valueCents !== undefined) {
        value.inc(valueCents);
        counts.checkoutValueCents += valueCents;
      }
    },
    skipped: (loop) => {
      skipped.inc({ loop });
      if (loop === 'shoppers') counts.sessions.skipped += 1;
      else if (loop === 'tickets') counts.ticketBuyersSkipped += 1;
      else counts.apiCallsSkipped += 1;
    },
    request: (target, status) => {
      requests.inc({ target, status });
      const key = `${target} ${status}`;
      counts.requests[key] = (counts.requests[key] ?? 0) + 1;
    },
    ticket: (outcome) => {
      tickets.inc({ outcome });
      counts.tickets[outcome] += 1;
    },
    apiCall: (client, status) => {
      apiCalls.inc({ client, status });
      const key = `${client} ${status}`;
      counts.apiCalls[key] = (counts.apiCalls[key] ?? 0) + 1;
    },
  };
}
