import { z } from 'zod';

/** The seating API's response shapes, parsed in tests so a changed contract fails loudly. */
export const assignmentSchema = z.object({
  id: z.string(),
  eventId: z.string(),
  seat: z.string(),
  ticketId: z.string(),
  holder: z.object({ name: z.string(), email: z.string() }),
  priceCents: z.number().int(),
  currency: z.literal('USD'),
  assignedAt: z.string(),
});

export const assignedSchema = z.object({ assignment: assignmentSchema });

export const eventsSchema = z.object({
  events: z.array(z.object({
    id: z.string(), name: z.string(), venue: z.string(), startsAt: z.string(), basePriceCents: z.number(), rows: z.number(), seatsPerRow: z.number(),
  })),
});

export const seatsSchema = z.object({
  eventId: z.string(),
  free: z.number(),
  taken: z.number(),
  seats: z.array(z.object({ seat: z.string(), status: z.enum(['free', 'taken']) })),
});

export const auditSchema = z.object({
  at: z.string(),
  events: z.array(z.object({ eventId: z.string(), assignments: z.number(), duplicateSeats: z.number() })),
  duplicateSeats: z.number(),
  duplicates: z.array(z.object({ eventId: z.string(), seat: z.string(), ticketIds: z.array(z.string()), assignmentIds: z.array(z.string()) })),
});
