import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';

export const CART_COOKIE = 'fd_cart';
const CART_ID = /^[A-Za-z0-9_-]{1,64}$/;

export function readCookie(req: Request, name: string): string | undefined {
  for (const pair of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = pair.trim().split('=');
    if (k !== name) continue;
    try {
      return decodeURIComponent(v.join('='));
    } catch {
      // A garbled value (bad percent-encoding) is no cookie at all, not a 500 on every page.
      return undefined;
    }
  }
  return undefined;
}

/** The shopper's cart id: from the cookie, or a new one set on the response. */
export function cartIdFor(req: Request, res: Response): string {
  const existing = readCookie(req, CART_COOKIE);
  if (existing && CART_ID.test(existing)) return existing;
  const cartId = randomUUID();
  res.cookie(CART_COOKIE, cartId, { httpOnly: true, sameSite: 'lax', maxAge: 7 * 24 * 3600 * 1000, path: '/' });
  return cartId;
}
