import { setTimeout as delay } from 'node:timers/promises';
import type { AgentSession } from './mcp-agent.js';

export interface Posted { channel: string; ts: string }
export interface ThreadMessage { ts: string; user: string; userName: string; text: string }

/** Posts as the agent in a channel (or a thread); undefined when the desk refused. */
export async function post(session: AgentSession, channel: string, text: string, log: (line: string) => void): Promise<Posted | undefined> {
  const answer = await session.call<{ channel: string; ts: string }>('slack_post_message', { channel, text });
  if (!answer.ok) {
    log(`could not post in ${channel}: ${answer.error.code}: ${answer.error.message}`);
    return undefined;
  }
  return { channel: answer.result.channel, ts: answer.result.ts };
}

/**
 * Reads the thread under our message until someone else answers in it (the coach's own
 * notes are not an answer), `polls` reads at most, `everyMs` apart. Each read is a step of
 * the game, so the patience is bounded.
 */
export async function waitForReply(session: AgentSession, posted: Posted, opts: { polls: number; everyMs: number }): Promise<ThreadMessage | undefined> {
  for (let i = 0; i < opts.polls; i += 1) {
    await delay(opts.everyMs);
    const answer = await session.call<{ messages: ThreadMessage[] }>('slack_read_channel', { channel: posted.channel, thread_ts: posted.ts, limit: 50 });
    if (!answer.ok) continue;
    const [parent, ...replies] = answer.result.messages;
    const reply = replies.find((m) => m.ts !== posted.ts && m.user !== parent?.user && !/coach/i.test(m.userName));
    if (reply) return reply;
  }
  return undefined;
}
