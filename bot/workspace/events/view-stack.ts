import { secret, slackId } from '../ids.js';
import type { ViewInput } from '../api/methods/view-schema.js';
import type { View } from '../model.js';
import type { WorkspaceStore } from '../store.js';

/** Slack keeps at most three views in a modal's stack. */
export const MAX_STACK = 3;

/** View fields the model does not name; views.open (api/methods/views.ts) keeps them too. */
export type StoredView = View & { notify_on_close?: boolean; clear_on_close?: boolean; external_id?: string };

/** A view built from an app's `response_action` payload (checked by views.* own parseView). */
function fromSpec(store: WorkspaceStore, spec: ViewInput, place: Pick<View, 'id' | 'root_view_id' | 'previous_view_id' | 'user_id' | 'state'>): StoredView {
  const { app, team } = store.state;
  return {
    ...place, team_id: team.id, type: 'modal', callback_id: spec.callback_id ?? '', private_metadata: spec.private_metadata ?? '',
    title: spec.title, blocks: spec.blocks, hash: `${Math.floor(Date.now() / 1000)}.${secret(4)}`,
    app_id: app.id, bot_id: app.bot_id,
    ...(spec.submit ? { submit: spec.submit } : {}),
    ...(spec.close ? { close: spec.close } : {}),
    notify_on_close: spec.notify_on_close ?? false, clear_on_close: spec.clear_on_close ?? false, external_id: spec.external_id ?? '',
  };
}

/** The views of one modal stack, root first. */
export function stackOf(store: WorkspaceStore, view: View): View[] {
  return Object.values(store.state.views).filter((v) => v.root_view_id === view.root_view_id && v.user_id === view.user_id);
}

/** Like views.update: same id and place in the stack; the entered values stay. */
export function replaceView(store: WorkspaceStore, current: View, spec: ViewInput): View {
  const { id, root_view_id, previous_view_id, user_id, state } = current;
  const kept = (current as StoredView).external_id;
  const next = fromSpec(store, { ...spec, external_id: spec.external_id ?? kept }, { id, root_view_id, previous_view_id, user_id, state });
  store.state.views[current.id] = next;
  store.changed();
  store.events.emit('view', { view: next, kind: 'update' });
  return next;
}

export function pushView(store: WorkspaceStore, current: View, spec: ViewInput): View {
  const next = fromSpec(store, spec, { id: slackId('V'), root_view_id: current.root_view_id, previous_view_id: current.id, user_id: current.user_id, state: { values: {} } });
  store.state.views[next.id] = next;
  store.changed();
  store.events.emit('view', { view: next, kind: 'push' });
  return next;
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
