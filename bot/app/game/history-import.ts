import { z } from 'zod';
import { AppError } from '../../../services/kit/errors.js';
import type { ImportBody } from './history.js';

export const IMPORT_TIMEOUT_MS = 10_000;

/** What the workspace answers for one imported channel: its id and every message's ts, in the body's order. */
export interface ImportedChannel {
  channel: string;
  channelId: string;
  ts: string[];
}

const answerSchema = z.object({ channel: z.string().min(1), imported: z.number().int(), ts: z.array(z.string()) });

export interface ImportHistoryOptions {
  /** The local workspace's base URL (its API URL works too: only the origin is used). */
  workspaceUrl: string;
  adminSecret: string;
  imports: readonly ImportBody[];
  timeoutMs?: number;
}

/** The workspace's own words from an error body: `{error:{code,message}}`, or the text itself. */
function answerOf(body: string): string {
  try {
    const parsed = JSON.parse(body) as { error?: { code?: unknown; message?: unknown } };
    if (typeof parsed.error?.message === 'string') return `${String(parsed.error.code ?? 'error')}: ${parsed.error.message}`;
  } catch {
    // Not JSON: a proxy's page or a plain-text answer says as much as it can.
  }
  return body.length > 500 ? `${body.slice(0, 500)}…` : body;
}

/** Why fetch got no answer: undici hides the socket's error (ECONNREFUSED) in `cause`. */
function unreachable(err: unknown, timeoutMs: number): string {
  if (!(err instanceof Error)) return String(err);
  if (err.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  return err.cause instanceof Error ? `${err.message} (${err.cause.message})` : err.message;
}

/**
 * Imports a plan's past into the local workspace, one `POST /admin/import` per channel in
 * order, and returns what each import created. Stops at the first failure with an
 * AppError `history_import_failed` that names the channel and carries the workspace's answer.
 */
export async function importHistory(opts: ImportHistoryOptions): Promise<ImportedChannel[]> {
  const url = new URL('/admin/import', opts.workspaceUrl).toString();
  const done: ImportedChannel[] = [];
  for (const body of opts.imports) {
    const fail = (why: string, cause?: unknown) => new AppError('history_import_failed', 502, `importing #${body.channel} into the workspace at ${url}: ${why}`, { cause });
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-firedrill-admin': opts.adminSecret },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(opts.timeoutMs ?? IMPORT_TIMEOUT_MS),
      });
    } catch (err) {
      throw fail(unreachable(err, opts.timeoutMs ?? IMPORT_TIMEOUT_MS), err);
    }
    const text = await res.text();
    if (!res.ok) throw fail(`HTTP ${res.status}: ${answerOf(text)}`);
    let answer: z.output<typeof answerSchema>;
    try {
      answer = answerSchema.parse(JSON.parse(text));
    } catch (err) {
      throw fail(`unexpected answer ${answerOf(text)}`, err);
    }
    done.push({ channel: body.channel, channelId: answer.channel, ts: answer.ts });
  }
  return done;
}
