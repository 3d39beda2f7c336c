import { createHash, createHmac } from 'node:crypto';

/** Slack's request signature: `v0=` and the hex HMAC-SHA256 of `v0:<timestamp>:<raw body>`. */
export function slackSignature(signingSecret: string, timestampSec: number, body: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestampSec}:${body}`).digest('hex')}`;
}

/** The headers that sign one request, stamped now. */
export function signedHeaders(signingSecret: string, body: string, nowMs = Date.now()): Record<string, string> {
  const ts = Math.floor(nowMs / 1000);
  return { 'x-slack-request-timestamp': String(ts), 'x-slack-signature': slackSignature(signingSecret, ts, body) };
}

/**
 * The deprecated verification `token` every payload still carries. The workspace keeps no
 * separate one; deriving it from the signing secret keeps it stable across restarts.
 */
export function verificationToken(signingSecret: string): string {
  return createHash('sha256').update(`verification:${signingSecret}`).digest('base64url').slice(0, 24);
}
