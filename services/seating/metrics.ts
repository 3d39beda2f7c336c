import { Counter, Gauge, type Registry } from 'prom-client';

export type AssignmentOutcome = 'assigned' | 'seat_taken' | 'rejected';

export interface SeatingMetrics {
  assignments: Counter<'outcome'>;
  duplicateSeats: Gauge<'event'>;
  auditRuns: Counter;
  refunds: Counter;
}

export function createSeatingMetrics(registry: Registry): SeatingMetrics {
  const assignments = new Counter({
    name: 'seating_assignments_total',
    help: 'Seat assignment requests by outcome: assigned, seat_taken (seen taken when checked), rejected (invalid request, unknown seat, ticket already seated).',
    labelNames: ['outcome'],
    registers: [registry],
  });
  for (const outcome of ['assigned', 'seat_taken', 'rejected'] satisfies AssignmentOutcome[]) assignments.inc({ outcome }, 0);
  return {
    assignments,
    duplicateSeats: new Gauge({
      name: 'seating_duplicate_seat_assignments',
      help: 'Seats held by more than one ticket, as found by the last audit of the stored assignments.',
      labelNames: ['event'],
      registers: [registry],
    }),
    auditRuns: new Counter({
      name: 'seating_audit_runs_total',
      help: 'Completed audits of the stored seat assignments.',
      registers: [registry],
    }),
    refunds: new Counter({
      name: 'seating_refunds_total',
      help: 'Tickets refunded: their seat assignments removed and the seat freed.',
      registers: [registry],
    }),
  };
}
