import { z } from 'zod';
import { AppError } from '../../../services/kit/errors.js';
import { parseInput } from '../../../services/kit/validate.js';
import { secret } from '../ids.js';
import type { Message } from '../model.js';
import type { WorkspaceStore } from '../store.js';

/** Where a response goes: the conversation of the command or click, and the message clicked. */
export interface ResponseTarget {
  channel: string;
  user: string;
  threadTs?: string | undefined;
  messageTs?: string | undefined;
}

// Slack: a response_url takes up to five responses within thirty minutes.
const MAX_USES = 5;
const TTL_MS = 30 * 60_000;

export const responseSchema = z.object({
  text: z.string().max(40_000).optional(),
  blocks: z.array(z.record(z.string(), z.unknown())).optional(),
  attachments: z.array(z.record(z.string(), z.unknown())).optional(),
  response_type: z.enum(['ephemeral', 'in_channel']).optional(),
  replace_original: z.boolean().optional(),
  delete_original: z.boolean().optional(),
  thread_ts: z.string().regex(/^\d{1,12}\.\d{1,6}$/).optional(),
}).loose();

export type ResponseBody = z.output<typeof responseSchema>;

/**
 * Response URLs and what a response does. An ephemeral response is posted into the
 * conversation as the app's bot, like an in_channel one: the model has no per-user
 * visibility, and the page is one person's view anyway.
 */
export function createResponses(store: WorkspaceStore) {
  const urls = new Map<string, ResponseTarget & { uses: number; expires: number }>();

  const appMessage = (channel: string, ts: string): Message => {
    const message = store.message(channel, ts);
    if (!message) throw new AppError('message_not_found', 404, `message ${ts} is no longer in ${channel}`);
    if (message.bot_id !== store.state.app.bot_id) throw new AppError('cant_update_message', 403, 'only a message the app posted can be replaced or deleted');
    return message;
  };

  /** Applies one response (from response_url or an ack's payload) to the conversation. */
  const apply = (target: ResponseTarget, input: unknown): { ts?: string } => {
    const body = parseInput(responseSchema, input, 'response');
    const bot = store.tokenFor('bot');
    const { app } = store.state;
    if (body.delete_original && target.messageTs) {
      const message = appMessage(target.channel, target.messageTs);
      const list = store.messages(target.channel);
      list.splice(list.indexOf(message), 1);
      store.changed();
      // The store has no deletion event; a channel event tells the page to read it again.
      const channel = store.channel(target.channel);
      if (channel) store.events.emit('channel', { channel });
      return {};
    }
    if (body.text === undefined && !body.blocks?.length && !body.attachments?.length) throw new AppError('no_text', 400, 'a response needs text, blocks or attachments');
    if (body.replace_original && target.messageTs) {
      const message = appMessage(target.channel, target.messageTs);
      message.text = body.text ?? '';
      if (body.blocks) message.blocks = body.blocks;
      else delete message.blocks;
      if (body.attachments) message.attachments = body.attachments;
      store.updated(message, bot);
      return { ts: message.ts };
    }
    const threadTs = body.thread_ts ?? target.threadTs;
    const message: Message = {
      type: 'message', ts: store.nextTs(), channel: target.channel, text: body.text ?? '', team: store.state.team.id,
      user: app.bot_user_id, bot_id: app.bot_id, app_id: app.id,
      ...(body.blocks ? { blocks: body.blocks } : {}),
      ...(body.attachments ? { attachments: body.attachments } : {}),
      ...(threadTs ? { thread_ts: threadTs } : {}),
    };
    store.addMessage(message, bot);
    return { ts: message.ts };
  };

  return {
    apply,
    mint(target: ResponseTarget, baseUrl: string): string {
      const now = Date.now();
      for (const [id, e] of urls) if (e.expires < now) urls.delete(id);
      const id = secret(16);
      urls.set(id, { ...target, uses: 0, expires: now + TTL_MS });
      return `${baseUrl}/response/${id}`;
    },
    /** A POST to a response URL. */
    respond(id: string, input: unknown): { ts?: string } {
      const entry = urls.get(id);
      if (!entry || entry.expires < Date.now()) throw new AppError('expired_url', 404, 'this response_url is unknown or expired (30 minutes)');
      if (entry.uses >= MAX_USES) throw new AppError('used_url', 410, `a response_url takes ${MAX_USES} responses`);
      const result = apply(entry, input);
      entry.uses += 1;
      return result;
    },
  };
}

export type Responses = ReturnType<typeof createResponses>;
