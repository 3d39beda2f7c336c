import { z } from 'zod';

/** The `limit` argument of a listing tool. */
export const limitArg = (max: number, fallback: number, what: string) =>
  z.number().int().min(1).max(max).default(fallback).describe(`At most this many ${what} (default ${fallback}, max ${max}).`);

/** The first `limit` items with the total, and whether any were left out, so an agent knows to narrow its query. */
export function capped<T>(items: readonly T[], limit: number): { total: number; truncated: boolean; items: T[] } {
  return { total: items.length, truncated: items.length > limit, items: items.slice(0, limit) };
}
