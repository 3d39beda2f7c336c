import { createHash } from 'node:crypto';
import type { StoredReport } from './report.js';

const WORD = /[^\s,;:()[\]{}"'<>=]+/g;
// Any word holding a digit (ord-000123, E10, 1500, 2/2, a UUID) or a long hex run is an id or a measure.
const isVariable = (word: string) => /\d/.test(word) || /^[0-9a-f]{16,}$/i.test(word);
// A list of ids ("tkt-1, tkt-5, tkt-9") is one placeholder, whatever its length.
const LIST = /<\*>(?:\s*,\s*<\*>)+/g;

/** The message with its ids, numbers and hex stripped, so events that differ only there group together. */
export function normalizeMessage(message: string): string {
  return message.replace(WORD, (w) => (isVariable(w) ? '<*>' : w)).replace(LIST, '<*>').replace(/\s+/g, ' ').trim();
}

/**
 * The first stack frame, as `function (path)` without line and column (they move with every
 * release) and with the path cut to its last three segments (the checkout's location varies).
 */
export function topFrame(stack: string | undefined): string | undefined {
  const line = stack?.split('\n').find((l) => /^\s+at /.test(l));
  if (!line) return undefined;
  const text = line.trim().slice(3);
  const m = /^(.*?) \((.*)\)$/.exec(text);
  const fn = m ? m[1] : undefined;
  const where = (m ? m[2] : text) ?? '';
  const path = where.replace(/^file:\/\//, '').replace(/(:\d+)+$/, '').split('/').slice(-3).join('/');
  return fn ? `${fn} (${path})` : path;
}

/** What makes two events the same issue: service, type, code, normalized message, top frame. */
export function fingerprintOf(r: Pick<StoredReport, 'service' | 'type' | 'code' | 'message' | 'stack'>): string {
  return [r.service, r.type, r.code ?? '', normalizeMessage(r.message), topFrame(r.stack) ?? ''].join('\n');
}

/** A short, stable issue id, Sentry style: ORDERS-3F9A2C. Stable across desk restarts. */
export function issueIdOf(service: string, fingerprint: string): string {
  const hash = createHash('sha1').update(fingerprint).digest('hex').slice(0, 6).toUpperCase();
  return `${service.toUpperCase().replace(/[^A-Z0-9]+/g, '-')}-${hash}`;
}
