import type { Logger } from 'pino';
import type { JournalClient } from './desk-journal.js';
import type { Incoming, Intent, Persona, Reply } from './personas/types.js';

const BROADCAST = new Set(['here', 'channel', 'everyone']);

/** A person's (or an agent's) message as the Slack listener hands it over: names, not ids. */
export interface SeenMessage {
  channelId: string;
  /** Channel name without #, or 'dm'. */
  channel: string;
  userId: string;
  userName: string;
  text: string;
  ts: string;
  threadTs: string | undefined;
  /** Personas (or the bot itself) mentioned the Slack way (`<@U…>`), already resolved to handles. */
  mentioned: string[];
}

export interface ConversationDeps {
  classify(text: string): Intent;
  /** Handles written as plain `@dan` in the text, among the given ones. */
  addressedIn(text: string, handles: string[]): string[];
  respond(msg: Incoming): Promise<Reply[]>;
  personas(): Persona[];
  journal: JournalClient;
  /** Posts as the persona (username + icon) in the thread; returns the message's ts and the text posted. */
  say(persona: Persona, channelId: string, threadTs: string, text: string): Promise<{ ts: string; text: string }>;
  log: Logger;
}

/**
 * One message in, coworkers' replies out: journal what was said (with the intent the
 * engine read in it), let the addressed personas answer in the thread, journal their
 * replies with verdicts and approvals (the coach's gate reads those).
 */
export function createConversation(deps: ConversationDeps) {
  return async function handle(m: SeenMessage): Promise<Reply[]> {
    const intent = deps.classify(m.text);
    const personas = deps.personas();
    const handles = personas.map((p) => p.handle);
    // Plain `@someone` that is nobody here still gets an answer (who to ask instead), never silence.
    const plain = [...m.text.matchAll(/(?:^|\s)@([a-z][a-z0-9._-]*)/g)].map((x) => x[1] ?? '').filter((h) => !BROADCAST.has(h));
    const addressed = [...new Set([...deps.addressedIn(m.text, handles), ...plain, ...m.mentioned])];
    await deps.journal.message({
      channel: m.channel, user: m.userName, text: m.text, ts: m.ts, ...(m.threadTs ? { threadTs: m.threadTs } : {}), intent: intent.kind,
    });
    const replies = await deps.respond({ text: m.text, user: m.userId, channel: m.channel, ts: m.ts, ...(m.threadTs ? { threadTs: m.threadTs } : {}), addressed });
    const thread = m.threadTs ?? m.ts;
    for (const reply of replies) {
      const persona = personas.find((p) => p.handle === reply.persona);
      if (!persona) continue;
      const { ts, text } = await deps.say(persona, m.channelId, thread, reply.text);
      await deps.journal.message({
        channel: m.channel, user: persona.handle, text, ts, threadTs: thread, persona: persona.handle, verdict: reply.verdict,
        ...(reply.approval ? { approval: reply.approval } : {}),
      });
      deps.log.info({ persona: persona.handle, verdict: reply.verdict, channel: m.channel, approval: reply.approval?.fix }, 'coworker replied');
    }
    return replies;
  };
}
