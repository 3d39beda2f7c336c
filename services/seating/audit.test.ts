import { describe, expect, it } from 'vitest';
import { toErrorReport } from '../kit/error-report.js';
import { DuplicateSeatAssignment, findDuplicateSeats } from './audit.js';
import type { Assignment } from './model.js';

let n = 0;
function assignment(eventId: string, seat: string, ticketId: string): Assignment {
  n += 1;
  return {
    id: `asg_${n}`, eventId, seat, ticketId, holder: { name: 'Ann', email: 'ann@example.com' },
    priceCents: 8900, currency: 'USD', assignedAt: '2026-11-29T19:14:03.120Z',
  };
}

describe('findDuplicateSeats', () => {
  it('finds nothing when every seat has one ticket', () => {
    expect(findDuplicateSeats([])).toEqual([]);
    expect(findDuplicateSeats([assignment('keynote-2026', 'A1', 't1'), assignment('keynote-2026', 'A2', 't2')])).toEqual([]);
  });

  it('finds a seat held by two tickets, with both tickets and both assignments', () => {
    const a = assignment('keynote-2026', 'A7', 't1');
    const b = assignment('keynote-2026', 'A8', 't2');
    const c = assignment('keynote-2026', 'A7', 't3');
    expect(findDuplicateSeats([a, b, c])).toEqual([{ eventId: 'keynote-2026', seat: 'A7', ticketIds: ['t1', 't3'], assignmentIds: [a.id, c.id] }]);
  });

  it('counts a seat held by three tickets as one double-booked seat', () => {
    const found = findDuplicateSeats([assignment('e', 'B2', 't1'), assignment('e', 'B2', 't2'), assignment('e', 'B2', 't3')]);
    expect(found).toHaveLength(1);
    expect(found[0]?.ticketIds).toEqual(['t1', 't2', 't3']);
  });

  it('does not call the same ticket stored twice for one seat a double booking', () => {
    expect(findDuplicateSeats([assignment('e', 'C3', 't1'), assignment('e', 'C3', 't1')])).toEqual([]);
  });

  it('keeps events apart: the same seat name at two events is two seats', () => {
    expect(findDuplicateSeats([assignment('keynote-2026', 'A1', 't1'), assignment('postmortem-party-2026', 'A1', 't2')])).toEqual([]);
  });

  it('orders findings by event, then row, then seat number', () => {
    const list = [
      ...['B10', 'A2', 'B9'].flatMap((seat) => [assignment('z-event', seat, `x-${seat}`), assignment('z-event', seat, `y-${seat}`)]),
      assignment('a-event', 'J1', 'p'), assignment('a-event', 'J1', 'q'),
    ];
    expect(findDuplicateSeats(list).map((d) => `${d.eventId}/${d.seat}`)).toEqual(['a-event/J1', 'z-event/A2', 'z-event/B9', 'z-event/B10']);
  });
});

describe('DuplicateSeatAssignment', () => {
  it('reports under its own type, naming the seat and its tickets', () => {
    const report = toErrorReport(new DuplicateSeatAssignment({ eventId: 'keynote-2026', seat: 'A7', ticketIds: ['t1', 't2'], assignmentIds: [] }), { service: 'seating', release: 'test' });
    expect(report.type).toBe('DuplicateSeatAssignment');
    expect(report.message).toBe('seat A7 of keynote-2026 is held by 2 tickets: t1, t2');
  });
});
