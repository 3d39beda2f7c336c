import type { ViewInput } from './api/methods/view-schema.js';
import { secret } from './ids.js';
import type { View } from './model.js';
import type { WorkspaceStore } from './store.js';

/** Slack's stack limit: a root view and two pushed on top of it. */
export const MAX_STACK = 3;

/**
 * Modal stacks, shared by the views.* methods (an app's calls) and the page's
 * `response_action` handling (an app's ack): both build, place and announce views here.
 */

/** A stored view with the fields Slack answers with that the shared View type leaves out. */
export interface ModalView extends View {
  external_id: string;
  clear_on_close: boolean;
  notify_on_close: boolean;
}

export interface ViewPlace {
  id: string;
  userId: string;
  root: string;
  previous: string | null;
  state?: View['state'];
}

export const externalId = (v: View): string => ('external_id' in v && typeof v.external_id === 'string' ? v.external_id : '');

export function buildView(store: WorkspaceStore, input: ViewInput, place: ViewPlace): ModalView {
  const { app, team } = store.state;
  return {
    id: place.id, team_id: team.id, type: 'modal', title: input.title, blocks: input.blocks,
    ...(input.submit ? { submit: input.submit } : {}), ...(input.close ? { close: input.close } : {}),
    callback_id: input.callback_id ?? '', private_metadata: input.private_metadata ?? '', external_id: input.external_id ?? '',
    clear_on_close: input.clear_on_close ?? false, notify_on_close: input.notify_on_close ?? false,
    state: place.state ?? { values: {} },
    // `1569262015.55b5e41b`: a new one on every change, so a stale update can be refused.
    hash: `${Math.floor(store.now().getTime() / 1000)}.${secret(4)}`,
    root_view_id: place.root, previous_view_id: place.previous,
    app_id: app.id, bot_id: app.bot_id, user_id: place.userId,
  };
}

/** Stores the view and tells the page and the event dispatcher. */
export function saveView(store: WorkspaceStore, view: ModalView, kind: 'open' | 'update' | 'push'): ModalView {
  store.state.views[view.id] = view;
  store.changed();
  store.events.emit('view', { view, kind });
  return view;
}

/** How deep a view sits in its stack (0 for the root). */
export function depth(store: WorkspaceStore, view: View): number {
  let d = 0;
  for (let v: View | undefined = view; v?.previous_view_id; v = store.state.views[v.previous_view_id]) d += 1;
  return d;
}

/** The views of one modal stack, root first. */
export function stackOf(store: WorkspaceStore, view: View): View[] {
  return Object.values(store.state.views).filter((v) => v.root_view_id === view.root_view_id && v.user_id === view.user_id);
}

/** Like views.update: same id and place in the stack; the entered values stay, and so does the external id unless renamed. */
export function replaceView(store: WorkspaceStore, current: View, input: ViewInput): ModalView {
  const merged = { ...input, external_id: input.external_id ?? externalId(current) };
  const place = { id: current.id, userId: current.user_id, root: current.root_view_id, previous: current.previous_view_id, state: current.state };
  return saveView(store, buildView(store, merged, place), 'update');
}

/** Like views.push: a new view on top of `current`, in the same stack. */
export function pushView(store: WorkspaceStore, current: View, input: ViewInput, id: string): ModalView {
  return saveView(store, buildView(store, input, { id, userId: current.user_id, root: current.root_view_id, previous: current.id }), 'push');
}

export function closeViews(store: WorkspaceStore, views: readonly View[]): void {
  for (const view of views) {
    // An app may have closed it meanwhile (views.update, a clear): close each view once.
    if (store.state.views[view.id] === undefined) continue;
    delete store.state.views[view.id];
    store.events.emit('view', { view, kind: 'close' });
  }
  store.changed();
}
