import type { z } from 'zod';
import { badRequest } from './errors.js';

/** Renders a zod issue path as `items[0].qty`, the way a person would name the field. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? '(body)' : out;
}

export function describeIssues(issues: ReadonlyArray<z.core.$ZodIssue>): string[] {
  return issues.map((issue) => (issue.path.length === 0 ? issue.message : `${formatPath(issue.path)}: ${issue.message}`));
}

/** Parses request input; a mismatch is a 400 `invalid_request` naming every bad field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what = 'request body'): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw badRequest('invalid_request', `invalid ${what}: ${describeIssues(result.error.issues).join('; ')}`, result.error);
}
