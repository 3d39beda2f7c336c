import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError, badRequest, isAppError, notFound, toAppError, unavailable } from './errors.js';
import { formatPath, parseInput } from './validate.js';

/** Runs `fn`, expects an AppError, and returns it. */
function appErrorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  }
  throw new Error('expected an AppError');
}

describe('AppError helpers', () => {
  it('carry code, status, message and cause', () => {
    const cause = new Error('redis down');
    const e = unavailable('pool_exhausted', 'no pool slot', cause);
    expect(e).toBeInstanceOf(Error);
    expect(isAppError(e)).toBe(true);
    expect({ name: e.name, code: e.code, status: e.status, message: e.message, cause: e.cause }).toEqual({
      name: 'AppError', code: 'pool_exhausted', status: 503, message: 'no pool slot', cause,
    });
    expect([badRequest('bad_sku', 'x').status, notFound('no_cart', 'x').status]).toEqual([400, 404]);
    expect(isAppError(new Error('plain'))).toBe(false);
    expect(isAppError({ code: 'x', status: 400, message: 'looks like one' })).toBe(false);
  });
});

describe('toAppError', () => {
  it('passes an AppError through unchanged', () => {
    const original = new AppError('out_of_stock', 409, 'sold out');
    expect(toAppError(original)).toBe(original);
  });

  it('maps a body-parser JSON parse failure to 400 invalid_json, keeping the cause', () => {
    const err = Object.assign(new SyntaxError('Unexpected token } in JSON at position 9'), { type: 'entity.parse.failed', status: 400 });
    const mapped = toAppError(err);
    expect(mapped.code).toBe('invalid_json');
    expect(mapped.status).toBe(400);
    expect(mapped.message).toContain('Unexpected token }');
    expect(mapped.cause).toBe(err);
  });

  it('maps a body-parser size failure to 413 payload_too_large', () => {
    const mapped = toAppError({ type: 'entity.too.large', status: 413, message: 'request entity too large' });
    expect([mapped.code, mapped.status]).toEqual(['payload_too_large', 413]);
  });

  it('maps other body-parser 4xx failures to bad_request with their status', () => {
    const mapped = toAppError({ type: 'encoding.unsupported', status: 415, message: 'unsupported charset "UTF-7"' });
    expect([mapped.code, mapped.status, mapped.message]).toEqual(['bad_request', 415, 'unsupported charset "UTF-7"']);
  });

  it('maps anything else to 500 internal_error without leaking its message', () => {
    for (const thrown of [new TypeError('cannot read properties of undefined'), 'a string', 42, null, { type: 'stream.not.readable', status: 500, message: 'x' }]) {
      const mapped = toAppError(thrown);
      expect(mapped.code).toBe('internal_error');
      expect(mapped.status).toBe(500);
      expect(mapped.message).toBe('internal error');
      expect(mapped.cause).toBe(thrown);
    }
  });
});

describe('formatPath', () => {
  it('names fields the way a person would', () => {
    expect(formatPath(['items', 0, 'qty'])).toBe('items[0].qty');
    expect(formatPath([0, 'sku'])).toBe('[0].sku');
    expect(formatPath(['address', 'lines', 2])).toBe('address.lines[2]');
    expect(formatPath([])).toBe('(body)');
  });
});

describe('parseInput', () => {
  const order = z.object({
    email: z.email(),
    items: z.array(z.object({ sku: z.string().min(1), qty: z.number().int().min(1) })).min(1),
    note: z.string().default(''),
  });

  it('returns the parsed value, defaults applied', () => {
    expect(parseInput(order, { email: 'a@b.test', items: [{ sku: 'mug', qty: 2 }] })).toEqual({ email: 'a@b.test', items: [{ sku: 'mug', qty: 2 }], note: '' });
  });

  it('throws 400 invalid_request naming every bad field', () => {
    const err = appErrorOf(() => parseInput(order, { email: 'nope', items: [{ sku: 'mug', qty: 1 }, { sku: '', qty: 0 }] }));
    expect(err.code).toBe('invalid_request');
    expect(err.status).toBe(400);
    expect(err.message).toMatch(/^invalid request body: /);
    expect(err.message).toContain('email: ');
    expect(err.message).toContain('items[1].sku: ');
    expect(err.message).toContain('items[1].qty: ');
    expect(err.message).not.toContain('items[0]');
    expect(err.cause).toBeInstanceOf(z.ZodError);
  });

  it('names the input it was parsing', () => {
    const err = appErrorOf(() => parseInput(z.object({ qty: z.coerce.number().int() }), { qty: 'two' }, 'form'));
    expect(err.message).toMatch(/^invalid form: qty: /);
  });

  it('names the whole body when it is the wrong shape', () => {
    const err = appErrorOf(() => parseInput(order, 'not an object'));
    expect(err.message).toMatch(/^invalid request body: Invalid input: expected object, received string$/);
  });
});
