import type { SeatingDomain } from './domain.js';
import type { Assignment } from './model.js';

/** A seat held by more than one ticket: a double booking. */
export interface DuplicateSeat {
  eventId: string;
  seat: string;
  /** Every distinct ticket holding the seat, in the order they were assigned. */
  ticketIds: string[];
  assignmentIds: string[];
}

export interface AuditResult {
  at: string;
  events: Array<{ eventId: string; assignments: number; duplicateSeats: number }>;
  duplicateSeats: number;
  duplicates: DuplicateSeat[];
}

/** The error type the tracker groups double bookings under. */
export class DuplicateSeatAssignment extends Error {
  constructor(dup: DuplicateSeat) {
    super(`seat ${dup.seat} of ${dup.eventId} is held by ${dup.ticketIds.length} tickets: ${dup.ticketIds.join(', ')}`);
    this.name = 'DuplicateSeatAssignment';
  }
}

/** Groups assignments by event and seat; a seat is double-booked when two different tickets hold it. */
export function findDuplicateSeats(assignments: readonly Assignment[]): DuplicateSeat[] {
  const bySeat = new Map<string, DuplicateSeat>();
  for (const a of assignments) {
    const key = `${a.eventId}\u0000${a.seat}`;
    let entry = bySeat.get(key);
    if (!entry) {
      entry = { eventId: a.eventId, seat: a.seat, ticketIds: [], assignmentIds: [] };
      bySeat.set(key, entry);
    }
    entry.assignmentIds.push(a.id);
    if (!entry.ticketIds.includes(a.ticketId)) entry.ticketIds.push(a.ticketId);
  }
  return [...bySeat.values()]
    .filter((e) => e.ticketIds.length > 1)
    .sort((x, y) => (x.eventId === y.eventId ? compareSeats(x.seat, y.seat) : x.eventId < y.eventId ? -1 : 1));
}

function compareSeats(a: string, b: string): number {
  if (a[0] !== b[0]) return (a[0] ?? '') < (b[0] ?? '') ? -1 : 1;
  return Number(a.slice(1)) - Number(b.slice(1));
}

/**
 * Scans every event's stored assignments for double bookings, sets the gauge, logs the
 * finding and reports each double booking to the error tracker the first time it is seen.
 */
export async function runAudit(d: SeatingDomain): Promise<AuditResult> {
  const events = await d.store.listEvents();
  const perEvent: AuditResult['events'] = [];
  const duplicates: DuplicateSeat[] = [];
  for (const event of events) {
    const assignments = await d.store.listAssignments(event.id);
    const found = findDuplicateSeats(assignments);
    d.metrics.duplicateSeats.set({ event: event.id }, found.length);
    perEvent.push({ eventId: event.id, assignments: assignments.length, duplicateSeats: found.length });
    duplicates.push(...found);
  }
  d.metrics.auditRuns.inc();

  if (duplicates.length > 0) {
    d.log.warn(
      { duplicateSeats: duplicates.length, seats: duplicates.map((x) => `${x.eventId}/${x.seat}`).slice(0, 20) },
      'duplicate seat assignments found',
    );
    for (const dup of duplicates) {
      if (await d.store.markDuplicateReported(dup.eventId, dup.seat)) {
        void d.errors.report(new DuplicateSeatAssignment(dup), { eventId: dup.eventId, seat: dup.seat, ticketIds: dup.ticketIds });
      }
    }
  }
  return { at: new Date().toISOString(), events: perEvent, duplicateSeats: duplicates.length, duplicates };
}

/** Runs the audit every `intervalMs` (and once at start); a failed run is logged and retried next tick. */
export function startAuditor(opts: { domain: SeatingDomain; intervalMs: number; before: () => Promise<void> }): { stop(): Promise<void> } {
  let running: Promise<unknown> | undefined;
  const tick = () => {
    if (running) return;
    running = opts.before()
      .then(() => runAudit(opts.domain))
      .catch((err: unknown) => opts.domain.log.warn({ err }, 'seat audit failed'))
      .finally(() => {
        running = undefined;
      });
  };
  const first = setTimeout(tick, 0);
  const timer = setInterval(tick, opts.intervalMs);
  first.unref();
  timer.unref();
  return {
    async stop() {
      clearTimeout(first);
      clearInterval(timer);
      await running;
    },
  };
}
