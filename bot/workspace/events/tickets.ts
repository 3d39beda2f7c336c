import { randomUUID } from 'node:crypto';
import type { WorkspaceStore } from '../store.js';

/** How long a ticket from apps.connections.open stays usable: the client connects at once. */
const TICKET_TTL_MS = 30_000;

interface Ticket {
  appId: string;
  expires: number;
}

/**
 * Single-use Socket Mode tickets, one book per store. apps.connections.open is a Web API
 * method registered before the WebSocket side exists, so both find the book through the
 * store they share rather than a module-wide list.
 */
const books = new WeakMap<WorkspaceStore, Map<string, Ticket>>();

function bookFor(store: WorkspaceStore): Map<string, Ticket> {
  let book = books.get(store);
  if (!book) {
    book = new Map();
    books.set(store, book);
  }
  return book;
}

export function mintTicket(store: WorkspaceStore, appId: string, now = Date.now()): string {
  const book = bookFor(store);
  for (const [id, t] of book) if (t.expires < now) book.delete(id);
  const id = randomUUID();
  book.set(id, { appId, expires: now + TICKET_TTL_MS });
  return id;
}

export type TicketCheck = { ok: true; appId: string } | { ok: false; error: 'invalid_ticket' | 'expired_ticket' | 'app_mismatch' };

/** Uses up a ticket: a second connection with the same URL is refused, as in Slack. */
export function useTicket(store: WorkspaceStore, id: string | null, appId: string | null, now = Date.now()): TicketCheck {
  const book = bookFor(store);
  const ticket = id ? book.get(id) : undefined;
  if (!id || !ticket) return { ok: false, error: 'invalid_ticket' };
  book.delete(id);
  if (ticket.expires < now) return { ok: false, error: 'expired_ticket' };
  if (appId !== null && appId !== ticket.appId) return { ok: false, error: 'app_mismatch' };
  return { ok: true, appId: ticket.appId };
}
