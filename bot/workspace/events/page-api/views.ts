import type { Request, Response } from 'express';
import { z } from 'zod';
import { badRequest } from '../../../../services/kit/errors.js';
import { parseInput } from '../../../../services/kit/validate.js';
import { SlackError } from '../../api/errors.js';
import { parseView, type ViewInput } from '../../api/methods/view-schema.js';
import type { View } from '../../model.js';
import { interactionBase, userRef } from '../payloads.js';
import { slackId } from '../../ids.js';
import { closeViews, MAX_STACK, pushView, replaceView, stackOf, type ModalView } from '../../view-stack.js';
import { actor, ownView, slackView, type PageApiDeps } from './context.js';

const valuesSchema = z.record(z.string().min(1), z.record(z.string().min(1), z.object({
  type: z.string().min(1),
  value: z.string().max(3000).nullable().optional(),
}).loose()));

const submissionSchema = z.object({ view_id: z.string().min(1), values: valuesSchema.default({}) }).strict();
const closedSchema = z.object({ view_id: z.string().min(1) }).strict();

/** Every submitted value must belong to an input of the view, as the Slack client guarantees. */
function checkValues(view: View, values: z.output<typeof valuesSchema>): void {
  const inputs = new Map<string, string>();
  for (const block of view.blocks as Array<{ type?: unknown; block_id?: unknown; element?: { action_id?: unknown } }>) {
    if (block?.type === 'input' && typeof block.block_id === 'string' && typeof block.element?.action_id === 'string') inputs.set(block.block_id, block.element.action_id);
  }
  for (const [blockId, byAction] of Object.entries(values)) {
    for (const actionId of Object.keys(byAction)) {
      if (inputs.get(blockId) !== actionId) throw badRequest('invalid_request', `invalid view submission: values.${blockId}.${actionId} is no input of view ${view.id}`);
    }
  }
}

const ackSchema = z.discriminatedUnion('response_action', [
  z.object({ response_action: z.literal('errors'), errors: z.record(z.string(), z.string()) }).loose(),
  z.object({ response_action: z.literal('update'), view: z.unknown() }).loose(),
  z.object({ response_action: z.literal('push'), view: z.unknown() }).loose(),
  z.object({ response_action: z.literal('clear') }).loose(),
]);

/** The view of an `update`/`push` response, held to the rules views.update and views.push apply. */
function appView(raw: unknown): { view: ViewInput } | { detail: string } {
  try {
    return { view: parseView(raw) };
  } catch (err) {
    if (!(err instanceof SlackError)) throw err;
    const messages = (err.extra.response_metadata as { messages?: string[] } | undefined)?.messages ?? [];
    return { detail: [err.error, ...messages].join('; ') };
  }
}

/** The Submit button of a modal: `view_submission`, then whatever the ack's response_action says. */
export async function handleViewSubmission(deps: PageApiDeps, req: Request, res: Response): Promise<void> {
  const { store } = deps;
  const user = actor(res);
  const body = parseInput(submissionSchema, req.body, 'view submission');
  const view = ownView(store, body.view_id, user);
  checkValues(view, body.values);
  view.state = { values: body.values };
  store.changed();
  const payload = {
    ...interactionBase(store), type: 'view_submission', user: userRef(user), trigger_id: store.mintTrigger(user.id),
    view: slackView(view), response_urls: [],
  };
  const outcome = await deps.dispatcher.deliver({ type: 'interactive', payload, acceptsResponsePayload: true });
  if (!outcome.acked) {
    res.json({ ok: false, error: outcome.error });
    return;
  }
  if (!outcome.response) {
    // No response_action: this view closes; one pushed on top shows the one beneath again.
    closeViews(store, [view]);
    res.json({ ok: true, response_action: null });
    return;
  }
  const parsed = ackSchema.safeParse(outcome.response);
  if (!parsed.success) {
    deps.log.warn({ response: outcome.response }, 'view_submission ack with an unusable response_action');
    res.json({ ok: false, error: 'invalid_app_response', detail: 'the app answered the submission with an unknown response_action or an invalid view' });
    return;
  }
  const action = parsed.data;
  if (action.response_action === 'errors') {
    res.json({ ok: false, error: 'view_errors', response_action: 'errors', errors: action.errors });
  } else if (action.response_action === 'update' || action.response_action === 'push') {
    const spec = appView(action.view);
    if ('detail' in spec) {
      deps.log.warn({ detail: spec.detail }, 'view_submission ack with an invalid view');
      res.json({ ok: false, error: 'invalid_app_response', detail: spec.detail });
    } else if (action.response_action === 'update') {
      res.json({ ok: true, response_action: 'update', view: replaceView(store, view, spec.view) });
    } else if (stackOf(store, view).length >= MAX_STACK) {
      res.json({ ok: false, error: 'push_limit_reached', detail: `a modal stack holds ${MAX_STACK} views` });
    } else {
      res.json({ ok: true, response_action: 'push', view: pushView(store, view, spec.view, slackId('V')) });
    }
  } else {
    closeViews(store, stackOf(store, view));
    res.json({ ok: true, response_action: 'clear' });
  }
}

/** The close (×) of a modal: `view_closed` when the app asked for it, then the view goes. */
export async function handleViewClosed(deps: PageApiDeps, req: Request, res: Response): Promise<void> {
  const { store } = deps;
  const user = actor(res);
  const body = parseInput(closedSchema, req.body, 'view close');
  const view: View & Partial<ModalView> = ownView(store, body.view_id, user);
  // clear_on_close: the close button shuts the whole stack, and view_closed says so.
  const cleared = view.clear_on_close === true;
  let notified = false;
  if (view.notify_on_close) {
    const payload = { ...interactionBase(store), type: 'view_closed', user: userRef(user), view: slackView(view), is_cleared: cleared };
    const outcome = await deps.dispatcher.deliver({ type: 'interactive', payload, acceptsResponsePayload: false });
    notified = outcome.acked;
  }
  closeViews(store, cleared ? stackOf(store, view) : [view]);
  res.json({ ok: true, notified });
}
