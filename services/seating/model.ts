/** The records seating keeps. Money is in integer cents. */
export interface Holder {
  name: string;
  email: string;
}

export interface Assignment {
  id: string;
  eventId: string;
  seat: string;
  ticketId: string;
  holder: Holder;
  priceCents: number;
  currency: 'USD';
  assignedAt: string;
}
