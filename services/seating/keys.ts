/** Every Redis key seating owns, in one place. */
export const keys = {
  events: 'seating:events',
  event: (eventId: string) => `seating:event:${eventId}`,
  prices: (eventId: string) => `seating:event:${eventId}:prices`,
  /** seat → ticketId of the seat's holder. */
  taken: (eventId: string) => `seating:event:${eventId}:taken`,
  /** Every assignment ever written for the event, as JSON, oldest first. */
  assignments: (eventId: string) => `seating:event:${eventId}:assignments`,
  /** ticketId → seat it holds. */
  ticket: (eventId: string, ticketId: string) => `seating:event:${eventId}:ticket:${ticketId}`,
  /** `eventId:seat` of every double booking already reported to the error tracker. */
  reportedDuplicates: 'seating:audit:reported',
};
