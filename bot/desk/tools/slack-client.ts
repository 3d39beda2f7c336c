import { readFileSync } from 'node:fs';
import { ErrorCode, LogLevel, WebClient, type Logger as SlackLogger } from '@slack/web-api';
import type { Logger } from 'pino';
import { ToolError, unknownObject, upstreamError } from '../registry/errors.js';

export interface AgentSession {
  client: WebClient;
  /** The credentials file the token came from, for messages that tell the investigator what to fix. */
  file: string;
}

const unavailable = (file: string, why: string) =>
  new ToolError('workspace_unavailable', 503, `workspace credentials ${file}: ${why}; \`make lab\` starts the workspace, which writes them`);

/**
 * A WebClient acting as the investigating agent's own user. The file is read on every call
 * so a workspace restart that rewrites the token is picked up without restarting the desk.
 */
export function agentSession(file: string, log: Logger): AgentSession {
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch (err) {
    throw unavailable(file, (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message);
  }
  let creds: { apiUrl?: unknown; agentToken?: unknown };
  try {
    creds = JSON.parse(raw) as typeof creds;
  } catch {
    throw unavailable(file, 'not valid JSON');
  }
  if (typeof creds.apiUrl !== 'string' || creds.apiUrl === '') throw unavailable(file, 'no apiUrl');
  if (typeof creds.agentToken !== 'string' || creds.agentToken === '') throw unavailable(file, 'no agentToken (the workspace config names no agent user)');
  // No retries and no waiting out rate limits: a dead or busy workspace answers the agent now, not in minutes.
  const client = new WebClient(creds.agentToken, {
    slackApiUrl: creds.apiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, timeout: 10_000, logger: slackLogger(log),
  });
  return { client, file };
}

/** The Slack error code of a platform error (channel_not_found, not_in_channel, ...), else undefined. */
export function slackCode(err: unknown): string | undefined {
  const e = err as { code?: unknown; data?: { error?: unknown } };
  return e.code === ErrorCode.PlatformError && typeof e.data?.error === 'string' ? e.data.error : undefined;
}

/** Anything the workspace refused or failed to answer, as a tool error an agent can act on. */
export function slackFailure(err: unknown, session: AgentSession, method: string): ToolError {
  if (err instanceof ToolError) return err;
  const e = err as { code?: unknown; data?: { needed?: unknown }; retryAfter?: unknown };
  if (e.code === ErrorCode.RateLimitedError) return new ToolError('rate_limited', 429, `workspace rate limit on ${method}; retry in ${String(e.retryAfter)} s`, { cause: err });
  const code = slackCode(err);
  if (code === undefined) return upstreamError(`workspace (${method})`, err);
  if (code === 'invalid_auth' || code === 'token_revoked' || code === 'account_inactive' || code === 'not_authed') {
    return new ToolError('workspace_unavailable', 503, `the workspace refused the agent token from ${session.file} (${code}); restart the lab (\`make lab\`) so the workspace rewrites it`, { cause: err });
  }
  if (code === 'thread_not_found') return new ToolError('unknown_thread', 404, `thread_ts: no such thread in that channel (${method})`, { field: 'thread_ts', cause: err });
  if (code === 'missing_scope') return new ToolError('missing_scope', 403, `${method}: the agent token lacks the scope ${String(e.data?.needed ?? '')}`, { cause: err });
  return new ToolError(`slack_${code}`, 502, `${method}: the workspace answered ${code}`, { cause: err });
}

/** Runs one Web API call, mapping every failure through slackFailure. */
export async function slackCall<T>(session: AgentSession, method: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw slackFailure(err, session, method);
  }
}

export interface ChannelInfo {
  id: string;
  name: string;
  topic: string;
  members: number;
  isMember: boolean;
  isPrivate: boolean;
}

/** Public channels and the private ones the agent is in, all pages. */
export async function listChannels(session: AgentSession): Promise<ChannelInfo[]> {
  const out: ChannelInfo[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 20; page += 1) {
    const res = await slackCall(session, 'conversations.list', () => session.client.conversations.list({ types: 'public_channel,private_channel', exclude_archived: true, limit: 200, ...(cursor ? { cursor } : {}) }));
    for (const c of res.channels ?? []) {
      if (!c.id || !c.name) continue;
      out.push({ id: c.id, name: c.name, topic: c.topic?.value ?? '', members: c.num_members ?? 0, isMember: c.is_member === true, isPrivate: c.is_private === true });
    }
    cursor = res.response_metadata?.next_cursor || undefined;
    if (!cursor) break;
  }
  return out;
}

/** A channel named as `#name`, `name`, an id, or a `<#C…|name>` mention. */
export async function findChannel(session: AgentSession, ref: string, field = 'channel'): Promise<ChannelInfo> {
  const wanted = (/^<#([A-Z0-9]+)(?:\|[^>]*)?>$/.exec(ref.trim())?.[1] ?? ref.trim()).replace(/^#/, '');
  const channels = await listChannels(session);
  const found = channels.find((c) => c.id === wanted) ?? channels.find((c) => c.name === wanted.toLowerCase());
  if (!found) throw unknownObject(field, 'channel', ref, channels.map((c) => `#${c.name}`));
  return found;
}

/** Runs a call that needs membership; in a public channel the agent is not in, joins first and retries once. */
export async function asMember<T>(session: AgentSession, channel: ChannelInfo, method: string, call: () => Promise<T>): Promise<{ result: T; joined: boolean }> {
  try {
    return { result: await call(), joined: false };
  } catch (err) {
    if (slackCode(err) !== 'not_in_channel' || channel.isPrivate) throw slackFailure(err, session, method);
  }
  await slackCall(session, 'conversations.join', () => session.client.conversations.join({ channel: channel.id }));
  channel.isMember = true;
  return { result: await slackCall(session, method, call), joined: true };
}

function slackLogger(log: Logger): SlackLogger {
  const child = log.child({ component: 'slack-web-api' });
  let level = LogLevel.WARN;
  const at = (l: LogLevel) => (...msg: unknown[]) => child[l]({ slack: msg.map(String).join(' ') }, 'web api');
  return {
    debug: at(LogLevel.DEBUG), info: at(LogLevel.INFO), warn: at(LogLevel.WARN), error: at(LogLevel.ERROR),
    setLevel: (l) => { level = l; },
    getLevel: () => level,
    setName: () => undefined,
  };
}
