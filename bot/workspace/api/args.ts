import { z } from 'zod';
import { formatPath } from '../../../services/kit/validate.js';
import { invalidArguments } from './errors.js';

/**
 * Web API arguments arrive as form fields (strings), query parameters or JSON. These
 * helpers accept each encoding the way Slack does: "true"/"1" for booleans, numeric
 * strings for numbers, and JSON text for structured fields such as `blocks`.
 */
export const arg = {
  bool: () => z.preprocess((v) => (v === 'true' || v === '1' ? true : v === 'false' || v === '0' ? false : v), z.boolean()),
  int: () => z.preprocess((v) => (typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : v), z.number().int()),
  json: <T extends z.ZodType>(schema: T) => z.preprocess((v) => {
    if (typeof v !== 'string') return v;
    try {
      return JSON.parse(v) as unknown;
    } catch {
      return v;
    }
  }, schema),
  /** A comma-separated list, or an array. */
  list: () => z.preprocess((v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : v), z.array(z.string())),
  ts: () => z.string().regex(/^\d{1,12}\.\d{1,6}$/, 'expected a message ts such as 1712345678.000100'),
};

/** Parses a method's arguments; every problem becomes one `[ERROR]` line naming the field. */
export function parseArgs<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw invalidArguments(result.error.issues.map((i) => {
    const field = formatPath(i.path) || 'arguments';
    return i.code === 'invalid_type' && (i as { input?: unknown }).input === undefined ? `missing required field: ${field}` : `${field}: ${i.message}`;
  }));
}
