// @ts-check
import { renderChannel } from './channel-view.js';
import { byId } from './dom.js';
import { renderSidebar } from './sidebar.js';
import { createThreadPane } from './thread.js';
import { showToast } from './toast.js';

/** @typedef {import('./types.js').Message} Message */

/** @param {unknown} err */
export const reason = (err) => (err instanceof Error ? err.message : String(err));

/**
 * Where the person is looking and what is drawn there: the channel on screen, its
 * history (read through the Web API), the thread pane, the sidebar's unread marks.
 * @param {{
 *   state: import('./state.js').State, api: import('./api.js').Api, unread: import('./unread.js').Unread,
 *   ctx: import('./message.js').MessageContext, composer: ReturnType<typeof import('./composer.js').createComposer>,
 *   send(channel: string, text: string, threadTs?: string): Promise<string | undefined>, join(channel: string): void,
 * }} deps
 */
export function createNavigation(deps) {
  const { state, api, unread, ctx, composer } = deps;
  /** @type {Set<string>} */
  const askedUsers = new Set();

  const sidebar = () => renderSidebar(state, unread, select);
  const channelView = (toBottom = false) => renderChannel(state, ctx, { loadOlder: () => void loadHistory(state.current, true), join: () => deps.join(state.current), toBottom });
  const thread = createThreadPane({
    el: byId('thread'), state, ctx,
    send: (channel, ts, text) => deps.send(channel, text, ts),
    onClose: () => {
      state.thread = undefined;
      thread.render();
    },
  });

  /** Authors the page has not met (an import adds people): ask once, then redraw. @param {Message} m */
  const knowAuthor = (m) => {
    for (const id of [m.user, ...(m.reply_users ?? [])]) {
      if (!id || state.users.has(id) || askedUsers.has(id)) continue;
      askedUsers.add(id);
      api.call('users.info', { user: id }).then((r) => {
        state.users.set(id, r.user);
        channelView();
        thread.render();
      }, () => undefined);
    }
  };

  const markRead = () => {
    unread.markRead(state.current, state.timeline(state.current).messages.at(-1)?.ts);
    sidebar();
  };

  /** @param {string} channel @param {boolean} [older] the page before the oldest shown, else the latest (replacing what is shown) */
  async function loadHistory(channel, older = false) {
    const t = state.timeline(channel);
    const before = new Set(t.messages.map((m) => m.ts));
    try {
      const answer = await api.call('conversations.history', { channel, limit: 100, ...(older && t.cursor ? { cursor: t.cursor } : {}) });
      const messages = /** @type {Message[]} */ (answer.messages).slice().reverse();
      // The latest page replaces what was shown (a message may have been deleted), but
      // keeps what the stream brought while the request was on its way.
      const newest = messages.at(-1)?.ts ?? '';
      if (!older) t.messages = t.messages.filter((m) => !before.has(m.ts) && m.ts > newest);
      state.merge(channel, messages);
      messages.forEach(knowAuthor);
      Object.assign(t, { loaded: true, error: '', hasMore: Boolean(answer.has_more), cursor: answer.response_metadata?.next_cursor ?? '' });
    } catch (err) {
      t.error = reason(err);
    }
    if (channel !== state.current) return;
    channelView(!older);
    markRead();
  }

  /** @param {string} channel @param {string} ts the thread's root */
  async function openThread(channel, ts) {
    state.thread = { channel, ts, loading: true };
    // Replies the stream brings while the request is out land here and are kept.
    const key = `${channel}:${ts}`;
    state.threads.set(key, []);
    thread.render();
    try {
      const answer = await api.call('conversations.replies', { channel, ts, limit: 1000 });
      const messages = /** @type {Message[]} */ (answer.messages);
      const streamed = (state.threads.get(key) ?? []).filter((m) => !messages.some((r) => r.ts === m.ts));
      state.threads.set(key, [...messages.map((m) => ({ ...m, channel: m.channel ?? channel })), ...streamed].sort((a, b) => (a.ts < b.ts ? -1 : 1)));
      messages.forEach(knowAuthor);
    } catch (err) {
      showToast(`Could not open the thread: ${reason(err)}`);
    }
    if (state.thread?.channel === channel && state.thread.ts === ts) state.thread.loading = false;
    thread.render();
  }

  /** @param {string} id */
  function select(id) {
    const channel = state.channels.get(id);
    if (!channel) return;
    state.current = id;
    if (state.thread && state.thread.channel !== id) {
      state.thread = undefined;
      thread.render();
    }
    history.replaceState(null, '', `#${state.label(channel)}`);
    try {
      localStorage.setItem('firedrill:lastChannel', id);
    } catch {
      // Storage refused (a private window): the page just opens on #incidents next time.
    }
    composer.input.placeholder = `Message ${channel.is_im ? '' : '#'}${state.label(channel)}`;
    byId('composer-wrap').hidden = !channel.is_member;
    composer.showError(undefined);
    sidebar();
    channelView(true);
    if (channel.is_member && !state.timeline(id).loaded) void loadHistory(id);
    else markRead();
    composer.focus();
  }

  return { sidebar, channelView, thread, knowAuthor, markRead, loadHistory, openThread, select };
}

/** @typedef {ReturnType<typeof createNavigation>} Navigation */
