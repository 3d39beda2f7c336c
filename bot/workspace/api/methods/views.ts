import { z } from 'zod';
import { slackId } from '../../ids.js';
import type { View } from '../../model.js';
import { parseArgs } from '../args.js';
import { SlackError, invalidArguments } from '../errors.js';
import { method, type MethodContext } from '../method.js';
import { buildView, depth, externalId, MAX_STACK, replaceView, saveView, type ModalView } from '../../view-stack.js';
import { parseView, type ViewInput } from './view-schema.js';

function userViews(ctx: MethodContext, userId: string): View[] {
  return Object.values(ctx.store.state.views).filter((v) => v.user_id === userId);
}

function checkExternalId(ctx: MethodContext, input: ViewInput, self?: string): void {
  if (!input.external_id) return;
  const taken = Object.values(ctx.store.state.views).some((v) => v.id !== self && externalId(v) === input.external_id);
  if (taken) throw new SlackError('duplicate_external_id');
}

/** Answers like Slack: without the local-only user_id, with null submit/close. */
function answer(view: ModalView): Record<string, unknown> {
  const { user_id: _user, ...shown } = view;
  return { view: { ...shown, submit: view.submit ?? null, close: view.close ?? null, app_installed_team_id: view.team_id } };
}

function trigger(ctx: MethodContext): { userId: string; input: ViewInput } {
  const a = parseArgs(z.object({ trigger_id: z.string().min(1), view: z.unknown() }).loose(), ctx.args);
  const input = parseView(a.view);
  const used = ctx.store.useTrigger(a.trigger_id);
  if ('error' in used) throw new SlackError(used.error);
  return { userId: used.userId, input };
}

export const viewsOpen = method({
  name: 'views.open', tokens: ['bot'], scopes: [],
  handle: (ctx) => {
    const { userId, input } = trigger(ctx);
    checkExternalId(ctx, input);
    // A new modal replaces whatever stack the user had open: the page and the dispatcher see those close.
    for (const old of userViews(ctx, userId)) {
      delete ctx.store.state.views[old.id];
      ctx.store.events.emit('view', { view: old, kind: 'close' });
    }
    const id = slackId('V');
    return answer(saveView(ctx.store, buildView(ctx.store, input, { id, userId, root: id, previous: null }), 'open'));
  },
});

export const viewsPush = method({
  name: 'views.push', tokens: ['bot'], scopes: [],
  handle: (ctx) => {
    const { userId, input } = trigger(ctx);
    const open = userViews(ctx, userId);
    const top = open.reduce<View | undefined>((best, v) => (!best || depth(ctx.store, v) > depth(ctx.store, best) ? v : best), undefined);
    if (top && depth(ctx.store, top) + 1 >= MAX_STACK) throw new SlackError('push_limit_reached');
    checkExternalId(ctx, input);
    const id = slackId('V');
    return answer(saveView(ctx.store, buildView(ctx.store, input, { id, userId, root: top?.root_view_id ?? id, previous: top?.id ?? null }), 'push'));
  },
});

export const viewsUpdate = method({
  name: 'views.update', tokens: ['bot'], scopes: [],
  handle: (ctx) => {
    const a = parseArgs(z.object({ view_id: z.string().optional(), external_id: z.string().optional(), hash: z.string().optional(), view: z.unknown() }).loose(), ctx.args);
    if (!a.view_id && !a.external_id) throw invalidArguments(['either view_id or external_id is required']);
    const input = parseView(a.view);
    const current = a.view_id ? ctx.store.state.views[a.view_id] : Object.values(ctx.store.state.views).find((v) => externalId(v) === a.external_id);
    if (!current) throw new SlackError('not_found');
    if (a.hash && a.hash !== current.hash) throw new SlackError('hash_conflict');
    // The new payload may rename the view's external_id; without one it keeps the old.
    checkExternalId(ctx, { ...input, external_id: input.external_id ?? externalId(current) }, current.id);
    return answer(replaceView(ctx.store, current, input));
  },
});

export const viewMethods = [viewsOpen, viewsPush, viewsUpdate];
