import type { Request, Response } from 'express';
import { describe, expect, it } from 'vitest';
import { CART_COOKIE, cartIdFor, readCookie } from './cookies.js';

const request = (cookie: string | undefined) => ({ headers: cookie === undefined ? {} : { cookie } }) as Pick<Request, 'headers'> as Request;

/** Records what `res.cookie` was asked to set. */
function response(): { res: Response; set: Array<{ name: string; value: string; options: unknown }> } {
  const set: Array<{ name: string; value: string; options: unknown }> = [];
  const res = {
    cookie(name: string, value: string, options: unknown) {
      set.push({ name, value, options });
      return res;
    },
  };
  return { res: res as Pick<Response, 'cookie'> as Response, set };
}

describe('readCookie', () => {
  it('finds a cookie among others and decodes it', () => {
    expect(readCookie(request('a=1; fd_cart=abc%2Ddef; b=2'), 'fd_cart')).toBe('abc-def');
  });

  it('keeps "=" inside a value', () => {
    expect(readCookie(request('x=a=b'), 'x')).toBe('a=b');
  });

  it('answers undefined when there is no such cookie or no header', () => {
    expect(readCookie(request('a=1'), 'fd_cart')).toBeUndefined();
    expect(readCookie(request(undefined), 'fd_cart')).toBeUndefined();
  });

  it('treats a value that is not valid percent-encoding as absent instead of throwing', () => {
    expect(readCookie(request('fd_cart=%E0%A4%A'), 'fd_cart')).toBeUndefined();
  });
});

describe('cartIdFor', () => {
  it('keeps a well-formed cart id and sets no cookie', () => {
    const { res, set } = response();
    expect(cartIdFor(request(`${CART_COOKIE}=cart_1-A`), res)).toBe('cart_1-A');
    expect(set).toEqual([]);
  });

  it('issues a new cart id for a missing, malformed or garbled cookie', () => {
    for (const cookie of [undefined, `${CART_COOKIE}=../etc`, `${CART_COOKIE}=${'x'.repeat(65)}`, `${CART_COOKIE}=%E0%A4%A`]) {
      const { res, set } = response();
      const id = cartIdFor(request(cookie), res);
      expect(id, String(cookie)).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
      expect(set).toEqual([{ name: CART_COOKIE, value: id, options: expect.objectContaining({ httpOnly: true, path: '/' }) }]);
    }
  });
});
