import { randomBytes } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** Slack-style ids: a type letter and upper-case alphanumerics (`C07ABC123`, `U0...`, `V0...`). */
export function slackId(prefix: 'C' | 'D' | 'U' | 'B' | 'A' | 'T' | 'V' | 'F' | 'E' | 'Ev', length = 10): string {
  const bytes = randomBytes(length);
  let out = prefix;
  for (const b of bytes) out += ALPHABET[b % ALPHABET.length];
  return out;
}

export function secret(bytes = 24): string {
  return randomBytes(bytes).toString('hex');
}

/** A token in Slack's shape: `xoxb-`, `xapp-1-`, `xoxp-` then random parts. */
export function mintTokenString(kind: 'bot' | 'app' | 'user'): string {
  const part = () => String(Math.floor(1e11 + Math.random() * 9e11));
  if (kind === 'app') return `xapp-1-${slackId('A', 10)}-${part()}-${secret(32)}`;
  return `${kind === 'bot' ? 'xoxb' : 'xoxp'}-${part()}-${part()}-${randomBytes(12).toString('base64url')}`;
}

/** Message timestamps: `seconds.micros`, strictly increasing across the workspace. */
export function nextTs(last: string, now: Date): string {
  const [s = '0', us = '0'] = last.split('.');
  const lastMicros = BigInt(s) * 1_000_000n + BigInt(us.padEnd(6, '0'));
  const nowMicros = BigInt(now.getTime()) * 1000n;
  const next = nowMicros > lastMicros ? nowMicros : lastMicros + 1n;
  return `${next / 1_000_000n}.${String(next % 1_000_000n).padStart(6, '0')}`;
}

/** A past time as a ts, for imported history (unique by adding micros from a counter). */
export function tsAt(date: Date, micros: number): string {
  return `${Math.floor(date.getTime() / 1000)}.${String(micros % 1_000_000).padStart(6, '0')}`;
}

export function tsToDate(ts: string): Date {
  return new Date(Math.round(Number(ts) * 1000));
}
