import type { Request, Response } from 'express';
import { z } from 'zod';
import { AppError, badRequest } from '../../../../services/kit/errors.js';
import { parseInput } from '../../../../services/kit/validate.js';
import { interactionBase, nowTs, userRef } from '../payloads.js';
import { actor, baseUrl, ownView, slackView, visibleChannel, type PageApiDeps } from './context.js';

const actionSchema = z.object({
  channel: z.string().min(1).optional(),
  message_ts: z.string().regex(/^\d{1,12}\.\d{1,6}$/, 'expected a message ts such as 1712345678.000100').optional(),
  view_id: z.string().min(1).optional(),
  action_id: z.string().min(1).max(255),
  block_id: z.string().min(1).max(255).optional(),
  value: z.string().max(2000).optional(),
}).strict();

type Element = Record<string, unknown>;
const isObject = (v: unknown): v is Element => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The interactive element an action names, in a message's or a view's blocks. */
export function findElement(blocks: readonly unknown[] | undefined, actionId: string, blockId: string | undefined): { blockId: string; element: Element } | undefined {
  for (const block of blocks ?? []) {
    if (!isObject(block)) continue;
    if (blockId !== undefined && block.block_id !== blockId) continue;
    const elements = [...(Array.isArray(block.elements) ? block.elements : []), block.accessory, block.element];
    const element = elements.find((e): e is Element => isObject(e) && e.action_id === actionId);
    if (element) return { blockId: typeof block.block_id === 'string' ? block.block_id : blockId ?? '', element };
  }
  return undefined;
}

/** A click on a button, in a message or in a modal: a `block_actions` interaction. */
export async function handleAction(deps: PageApiDeps, req: Request, res: Response): Promise<void> {
  const { store } = deps;
  const user = actor(res);
  const body = parseInput(actionSchema, req.body, 'action');
  const inMessage = body.channel !== undefined || body.message_ts !== undefined;
  if (inMessage === (body.view_id !== undefined)) throw badRequest('invalid_request', 'invalid action: name either channel and message_ts (a message) or view_id (a modal)');
  const base = { ...interactionBase(store), type: 'block_actions', user: userRef(user), trigger_id: store.mintTrigger(user.id) };
  let payload: Record<string, unknown>;
  let blocks: readonly unknown[] | undefined;
  if (body.view_id !== undefined) {
    const view = ownView(store, body.view_id, user);
    blocks = view.blocks;
    // Slack gives a click in a modal no response_url: the app answers with views.update.
    payload = { ...base, container: { type: 'view', view_id: view.id }, view: slackView(view) };
  } else {
    if (!body.channel || !body.message_ts) throw badRequest('invalid_request', 'invalid action: a click in a message needs both channel and message_ts');
    const channel = visibleChannel(store, body.channel, user);
    const message = store.message(channel.id, body.message_ts);
    if (!message) throw new AppError('message_not_found', 404, `no message ${body.message_ts} in ${channel.name}`);
    blocks = message.blocks;
    const threadTs = message.thread_ts && message.thread_ts !== message.ts ? message.thread_ts : undefined;
    const responseUrl = deps.responses.mint({ channel: channel.id, user: user.id, messageTs: message.ts, threadTs }, baseUrl(req));
    payload = {
      ...base, container: { type: 'message', message_ts: message.ts, channel_id: channel.id, is_ephemeral: false, ...(threadTs ? { thread_ts: threadTs } : {}) },
      channel: { id: channel.id, name: channel.name }, message, state: { values: {} }, response_url: responseUrl,
    };
  }
  const found = findElement(blocks, body.action_id, body.block_id);
  if (!found) throw new AppError('action_not_found', 404, `no element with action_id ${body.action_id}${body.block_id ? ` in block ${body.block_id}` : ''} there`);
  const { element } = found;
  payload.actions = [{
    action_id: body.action_id, block_id: found.blockId, type: element.type,
    ...(element.text !== undefined ? { text: element.text } : {}),
    ...(typeof element.value === 'string' || body.value !== undefined ? { value: typeof element.value === 'string' ? element.value : body.value } : {}),
    ...(element.style !== undefined ? { style: element.style } : {}),
    action_ts: nowTs(),
  }];
  const outcome = await deps.dispatcher.deliver({ type: 'interactive', payload, acceptsResponsePayload: false });
  res.json(outcome.acked ? { ok: true } : { ok: false, error: outcome.error });
}
