import { z } from 'zod';
import { secret, slackId } from '../../ids.js';
import type { View } from '../../model.js';
import { parseArgs } from '../args.js';
import { SlackError, invalidArguments } from '../errors.js';
import { method, type MethodContext } from '../method.js';
import { parseView, type ViewInput } from './view-schema.js';

/** Slack's stack limit: a root view and two pushed on top of it. */
const MAX_STACK = 3;

/** A stored view with the fields Slack answers with that the shared View type leaves out. */
export interface ModalView extends View {
  external_id: string;
  clear_on_close: boolean;
  notify_on_close: boolean;
}

const externalId = (v: View): string => ('external_id' in v && typeof v.external_id === 'string' ? v.external_id : '');

/** `1569262015.55b5e41b`: a new one on every change, so a stale update can be refused. */
const newHash = (ctx: MethodContext) => `${Math.floor(ctx.store.now().getTime() / 1000)}.${secret(4)}`;

function userViews(ctx: MethodContext, userId: string): View[] {
  return Object.values(ctx.store.state.views).filter((v) => v.user_id === userId);
}

/** How deep a view sits in its stack (0 for the root). */
function depth(ctx: MethodContext, view: View): number {
  let d = 0;
  for (let v: View | undefined = view; v?.previous_view_id; v = ctx.store.state.views[v.previous_view_id]) d += 1;
  return d;
}

function checkExternalId(ctx: MethodContext, input: ViewInput, self?: string): void {
  if (!input.external_id) return;
  const taken = Object.values(ctx.store.state.views).some((v) => v.id !== self && externalId(v) === input.external_id);
  if (taken) throw new SlackError('duplicate_external_id');
}

function build(ctx: MethodContext, input: ViewInput, place: { id: string; userId: string; root: string; previous: string | null; state?: View['state'] }): ModalView {
  const app = ctx.store.state.app;
  return {
    id: place.id, team_id: ctx.store.state.team.id, type: 'modal', title: input.title, blocks: input.blocks,
    ...(input.submit ? { submit: input.submit } : {}), ...(input.close ? { close: input.close } : {}),
    callback_id: input.callback_id ?? '', private_metadata: input.private_metadata ?? '', external_id: input.external_id ?? '',
    clear_on_close: input.clear_on_close ?? false, notify_on_close: input.notify_on_close ?? false,
    state: place.state ?? { values: {} }, hash: newHash(ctx), root_view_id: place.root, previous_view_id: place.previous,
    app_id: app.id, bot_id: app.bot_id, user_id: place.userId,
  };
}

/** Stores the view and tells the page and the event dispatcher; answers like Slack (without the local-only user_id). */
function save(ctx: MethodContext, view: ModalView, kind: 'open' | 'update' | 'push'): Record<string, unknown> {
  ctx.store.state.views[view.id] = view;
  ctx.store.changed();
  ctx.store.events.emit('view', { view, kind });
  const { user_id: _user, ...answer } = view;
  return { view: { ...answer, submit: view.submit ?? null, close: view.close ?? null, app_installed_team_id: view.team_id } };
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
    return save(ctx, build(ctx, input, { id, userId, root: id, previous: null }), 'open');
  },
});

export const viewsPush = method({
  name: 'views.push', tokens: ['bot'], scopes: [],
  handle: (ctx) => {
    const { userId, input } = trigger(ctx);
    const open = userViews(ctx, userId);
    const top = open.reduce<View | undefined>((best, v) => (!best || depth(ctx, v) > depth(ctx, best) ? v : best), undefined);
    if (top && depth(ctx, top) + 1 >= MAX_STACK) throw new SlackError('push_limit_reached');
    checkExternalId(ctx, input);
    const id = slackId('V');
    return save(ctx, build(ctx, input, { id, userId, root: top?.root_view_id ?? id, previous: top?.id ?? null }), 'push');
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
    const merged = { ...input, external_id: input.external_id ?? externalId(current) };
    checkExternalId(ctx, merged, current.id);
    const place = { id: current.id, userId: current.user_id, root: current.root_view_id, previous: current.previous_view_id, state: current.state };
    return save(ctx, build(ctx, merged, place), 'update');
  },
});

export const viewMethods = [viewsOpen, viewsPush, viewsUpdate];
