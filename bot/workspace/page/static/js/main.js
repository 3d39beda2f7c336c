// @ts-check
import { createActions } from './actions.js';
import { createApi, loadBootstrap } from './api.js';
import { avatar } from './avatar.js';
import { createComposer } from './composer.js';
import { byId, h } from './dom.js';
import { createLive } from './live.js';
import { namesOf } from './message.js';
import { createModals } from './modal.js';
import { createNavigation, reason } from './navigation.js';
import { createState } from './state.js';
import { connectStream } from './stream.js';
import { createUnread } from './unread.js';

/** The channel to open: the URL's #name, else the last one, else #incidents. @param {import('./state.js').State} state */
function firstChannel(state) {
  const want = decodeURIComponent(location.hash.slice(1));
  const channels = [...state.channels.values()];
  const stored = localStorage.getItem('firedrill:lastChannel') ?? '';
  return channels.find((c) => c.id === want || state.label(c) === want)?.id
    ?? (state.channels.has(stored) ? stored : undefined)
    ?? channels.find((c) => c.name === 'incidents' && c.is_member)?.id
    ?? channels.find((c) => c.is_member)?.id ?? '';
}

async function start() {
  const boot = await loadBootstrap();
  const api = createApi(boot.self.token);
  const state = createState(boot);
  const unread = createUnread(`firedrill:${boot.team.id}:${boot.self.id}:lastRead`);

  // The pieces call each other; each is reached through a function, so the order they are built in does not matter.
  /** @type {import('./message.js').MessageContext} */
  const ctx = {
    state,
    onAction: (m, block, el, button) => void actions.click({ channel: m.channel, message_ts: m.ts }, block, el, button),
    onOpenThread: (m) => void nav.openThread(m.channel, m.thread_ts ?? m.ts),
    onReact: (m, name) => void actions.react(m, name),
  };
  const actions = createActions({ state, api, nav: () => nav, onPosted: (channel, m) => live.message(channel, m, 'posted') });
  const composer = createComposer({ testid: 'composer', placeholder: 'Message', send: (text) => actions.send(state.current, text) });
  const nav = createNavigation({ state, api, unread, ctx, composer, send: actions.send, join: (id) => void actions.join(id) });
  const modals = createModals({ root: byId('modal-root'), api, names: namesOf(ctx), onAction: (view, block, el, button) => void actions.click({ view_id: view.id }, block, el, button) });
  const live = createLive({ state, unread, nav, modals });

  byId('composer-wrap').replaceChildren(composer.root);
  byId('team-name').textContent = boot.team.name;
  const me = state.users.get(state.selfId);
  byId('me').replaceChildren(avatar({ name: me?.real_name ?? 'you', image: me?.profile.image_48 }, 'sm'), h('span', { class: 'me-name' }, me?.real_name ?? 'you'));

  const conn = byId('conn');
  connectStream({
    api,
    onEvent: live.event,
    onState: (s, reconnected) => {
      conn.dataset.state = s;
      conn.title = s === 'open' ? 'Live' : s === 'connecting' ? 'Connecting…' : 'Disconnected, retrying…';
      if (s === 'open' && reconnected) live.reconnected();
    },
  });

  window.addEventListener('hashchange', () => {
    const id = firstChannel(state);
    if (id && id !== state.current) nav.select(id);
  });
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') nav.markRead();
  });
  document.addEventListener('click', (e) => {
    const link = e.target instanceof Element ? e.target.closest('[data-channel-link]') : null;
    if (!(link instanceof HTMLElement)) return;
    e.preventDefault();
    if (state.channels.has(link.dataset.channelLink ?? '')) nav.select(link.dataset.channelLink ?? '');
  });
  const first = firstChannel(state);
  nav.select(first);

  // Unread marks for the other channels: what came in since this browser last read them.
  await Promise.all([...state.channels.values()].filter((c) => c.is_member && c.id !== first).map(async (c) => {
    try {
      const answer = await api.call('conversations.history', { channel: c.id, limit: 50 });
      unread.init(c.id, answer.messages, state.selfId);
    } catch {
      // A channel that cannot be read just shows no unread mark.
    }
  }));
  nav.sidebar();
  byId('app').dataset.ready = 'true';
}

start().catch((err) => {
  const el = byId('boot-error');
  el.textContent = `The workspace page could not start: ${reason(err)}`;
  el.hidden = false;
  console.error(err);
});
