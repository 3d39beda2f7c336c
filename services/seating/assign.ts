import { randomBytes } from 'node:crypto';
import { AppError, badRequest, notFound } from '../kit/errors.js';
import type { SeatingDomain } from './domain.js';
import type { EventRecord } from './events.js';
import type { Assignment, Holder } from './model.js';
import { describeMap, isInMap, parseSeat, seatsOf, type SeatRef } from './seat-map.js';

export interface AssignRequest {
  seat: string;
  ticketId: string;
  holder: Holder;
}

export function newAssignmentId(): string {
  return `asg_${randomBytes(9).toString('base64url')}`;
}

export async function requireEvent(d: SeatingDomain, eventId: string): Promise<EventRecord> {
  const event = await d.store.getEvent(eventId);
  if (!event) throw notFound('event_not_found', `no event ${eventId}`);
  return event;
}

function requireSeat(event: EventRecord, text: string): SeatRef {
  const seat = parseSeat(text);
  if (!seat || !isInMap(event, seat)) throw badRequest('unknown_seat', `event ${event.id} has no seat ${text} (${describeMap(event)})`);
  return seat;
}

/**
 * Seats a ticket holder: the seat must be free and the ticket must not hold another
 * seat of the event; the price comes from the seat's row.
 */
export async function assignSeat(d: SeatingDomain, eventId: string, req: AssignRequest): Promise<Assignment> {
  const event = await requireEvent(d, eventId);
  const seat = requireSeat(event, req.seat);

  const holder = await d.store.seatHolder(eventId, seat.id);
  if (holder !== undefined) throw new AppError('seat_taken', 409, `seat ${seat.id} of ${eventId} is already taken`);

  const heldSeat = await d.store.ticketSeat(eventId, req.ticketId);
  if (heldSeat !== undefined) throw new AppError('ticket_already_seated', 409, `ticket ${req.ticketId} already holds seat ${heldSeat} of ${eventId}`);

  const priceCents = await d.store.rowPrice(eventId, seat.row);
  if (priceCents === undefined) throw new AppError('price_missing', 500, `no price for row ${seat.row} of ${eventId}`);

  const assignment: Assignment = {
    id: newAssignmentId(),
    eventId,
    seat: seat.id,
    ticketId: req.ticketId,
    holder: req.holder,
    priceCents,
    currency: 'USD',
    assignedAt: new Date().toISOString(),
  };
  await d.store.saveAssignment(assignment);
  return assignment;
}

export interface Refund {
  eventId: string;
  ticketId: string;
  seat: string;
}

/**
 * Returns a ticket: its assignments leave the stored list (so a refunded double booking
 * is no longer one) and its seat is free again, unless another ticket still holds it.
 */
export async function refundTicket(d: SeatingDomain, eventId: string, ticketId: string): Promise<Refund> {
  await requireEvent(d, eventId);
  const seat = await d.store.refundTicket(eventId, ticketId);
  if (seat === undefined) throw notFound('ticket_not_found', `ticket ${ticketId} holds no seat of ${eventId}`);
  return { eventId, ticketId, seat };
}

export interface SeatStatus {
  seat: string;
  status: 'free' | 'taken';
}

export async function seatStatuses(d: SeatingDomain, eventId: string): Promise<{ eventId: string; free: number; taken: number; seats: SeatStatus[] }> {
  const event = await requireEvent(d, eventId);
  const taken = await d.store.takenSeats(eventId);
  const seats = seatsOf(event).map((s): SeatStatus => ({ seat: s.id, status: taken[s.id] === undefined ? 'free' : 'taken' }));
  const takenCount = seats.filter((s) => s.status === 'taken').length;
  return { eventId, free: seats.length - takenCount, taken: takenCount, seats };
}
