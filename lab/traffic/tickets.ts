import type { Logger } from 'pino';
import type { TrafficDeployConfig } from './config.js';
import type { Requester } from './http.js';
import type { TicketOutcome, TrafficMetrics } from './metrics.js';
import { randomFor, type Random } from './random.js';

export interface HeldTicket {
  ticketId: string;
  eventId: string;
  seat: string;
}

/** What the n-th buyer will do, drawn up front so it never depends on timing. */
export interface BuyerPlan {
  /** Fraction into the event list. */
  event: number;
  /** Presses "best available" (the first free seat) instead of choosing one. */
  bestAvailable: boolean;
  /** Fraction into the free seats, when choosing. */
  seat: number;
  /** Also returns an earlier ticket, at this fraction of the ones held. */
  refund: number | undefined;
  holder: { name: string; email: string };
  /** How many people buy together (1 alone); a party's requests go out at once. */
  party: number;
}

export function planBuyer(seed: number, n: number, tickets: TrafficDeployConfig['tickets']): BuyerPlan {
  const random: Random = randomFor(seed, 'tickets', n);
  const event = random.next();
  const bestAvailable = random.chance(tickets.bestAvailableFraction);
  const seat = random.next();
  const refund = random.chance(tickets.refundFraction) ? random.next() : undefined;
  // Drawn last so the earlier fields stay what they were for a given seed.
  const party = bestAvailable && random.chance(tickets.partyFraction) ? 2 + Math.floor(random.next() * 3) : 1;
  return { event, bestAvailable, seat, refund, holder: { name: `Ticket Buyer ${n}`, email: `buyer.${n}@example.com` }, party };
}

/** A free seat for the plan: the first free one for "best available", else the drawn one. */
export function chooseSeat(plan: BuyerPlan, free: readonly string[]): string | undefined {
  if (free.length === 0) return undefined;
  return plan.bestAvailable ? free[0] : free[Math.floor(plan.seat * free.length)];
}

export interface TicketDeps {
  seatingUrl: string;
  deploy: TrafficDeployConfig;
  http: Requester;
  metrics: TrafficMetrics;
  /** Tickets this driver holds, by ticket id. */
  held: Map<string, HeldTicket>;
  /** Makes ticket ids unique to this process, so a restart never reuses a seated ticket's id. */
  runId: string;
  log: Logger;
}

interface SeatMap {
  free: string[];
  taken: number;
}

async function getJson<T>(deps: TicketDeps, path: string): Promise<T | undefined> {
  const reply = await deps.http.send('seating', `${deps.seatingUrl}${path}`);
  if (reply.kind !== 'answer' || reply.status !== 200) return undefined;
  try {
    return JSON.parse(reply.text) as T;
  } catch {
    return undefined;
  }
}

/** Returns a ticket; it leaves `held` first so two buyers never return the same one. */
async function refund(deps: TicketDeps, ticket: HeldTicket): Promise<TicketOutcome | 'stopped'> {
  deps.held.delete(ticket.ticketId);
  const reply = await deps.http.send('seating', `${deps.seatingUrl}/events/${ticket.eventId}/assignments/${ticket.ticketId}`, { method: 'DELETE' });
  if (reply.kind === 'stopped') {
    deps.held.set(ticket.ticketId, ticket);
    return 'stopped';
  }
  if (reply.kind === 'answer' && reply.status === 200) return 'refunded';
  // A 404 means seating no longer knows the ticket (its data was reset): forget it too.
  if (!(reply.kind === 'answer' && reply.status === 404)) deps.held.set(ticket.ticketId, ticket);
  return 'error';
}

function count(deps: TicketDeps, outcome: TicketOutcome | 'stopped'): void {
  if (outcome !== 'stopped') deps.metrics.ticket(outcome);
}

/**
 * One ticket buyer: picks an event, looks at its seat map, takes a free seat, and
 * sometimes returns an earlier ticket. When the map is fuller than maxOccupancy the buyer
 * first returns one of the driver's tickets of that event, so the maps never fill up.
 */
export async function runBuyer(deps: TicketDeps, n: number): Promise<void> {
  const plan = planBuyer(deps.deploy.seed, n, deps.deploy.tickets);
  const events = (await getJson<{ events?: Array<{ id: string }> }>(deps, '/events'))?.events ?? [];
  const eventId = events[Math.floor(plan.event * events.length)]?.id;
  const raw = eventId === undefined ? undefined : await getJson<{ seats?: Array<{ seat: string; status: string }> }>(deps, `/events/${eventId}/seats`);
  if (eventId === undefined || raw?.seats === undefined) return count(deps, 'error');
  const map: SeatMap = { free: raw.seats.filter((s) => s.status === 'free').map((s) => s.seat), taken: raw.seats.filter((s) => s.status !== 'free').length };

  if (map.taken > deps.deploy.tickets.maxOccupancy * raw.seats.length) {
    const mine = [...deps.held.values()].find((t) => t.eventId === eventId);
    if (mine) {
      const returned = await refund(deps, mine);
      count(deps, returned);
      if (returned === 'refunded') map.free.push(mine.seat);
    }
  }

  const seat = chooseSeat(plan, map.free);
  if (seat === undefined) count(deps, 'sold_out');
  else {
    // A party's phones each ask for the same "best available" seat at the same moment:
    // the collisions seating's check-then-write race turns into double bookings.
    await Promise.all(Array.from({ length: plan.party }, (_, i) => buyOne(deps, eventId, seat, plan.party === 1 ? `tkt-${deps.runId}-${n}` : `tkt-${deps.runId}-${n}-${i + 1}`, plan.holder)));
  }

  if (plan.refund !== undefined && deps.held.size > 0) {
    const earlier = [...deps.held.values()][Math.floor(plan.refund * deps.held.size)];
    if (earlier) count(deps, await refund(deps, earlier));
  }
}

async function buyOne(deps: TicketDeps, eventId: string, seat: string, ticketId: string, holder: BuyerPlan['holder']): Promise<void> {
  const reply = await deps.http.send('seating', `${deps.seatingUrl}/events/${eventId}/assignments`, { json: { seat, ticketId, holder } });
  if (reply.kind === 'answer' && reply.status === 201) {
    deps.held.set(ticketId, { ticketId, eventId, seat });
    count(deps, 'assigned');
  } else if (reply.kind === 'answer' && reply.status === 409) count(deps, 'seat_taken');
  else count(deps, reply.kind === 'stopped' ? 'stopped' : 'error');
}
