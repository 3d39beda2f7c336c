// @ts-check
import { byId } from './dom.js';
import { isReply } from './state.js';

/** @typedef {import('./types.js').Message} Message */

/**
 * Applies what the stream says (and what the person just posted) to the page: new and
 * changed messages, reactions, channels, and the app's modals.
 * @param {{ state: import('./state.js').State, unread: import('./unread.js').Unread, nav: import('./navigation.js').Navigation,
 *   modals: ReturnType<typeof import('./modal.js').createModals> }} deps
 */
export function createLive(deps) {
  const { state, unread, nav } = deps;

  /**
   * @param {string} channel @param {Message} message
   * @param {string} kind 'new' | 'changed' from the stream; 'posted' for chat.postMessage's own answer, which may
   *   arrive after the stream already brought a newer copy (with a reply count): then it is ignored.
   */
  const message = (channel, message, kind) => {
    const known = state.find(channel, message.ts);
    if (kind === 'posted' && known) return;
    state.apply(channel, { ...message, channel });
    nav.knowAuthor(message);
    const watching = channel === state.current && document.visibilityState === 'visible';
    if (kind !== 'changed' && !known) {
      if (watching && !isReply(message)) unread.markRead(channel, message.ts);
      else if (!watching) unread.bump(channel, message, state.selfId);
    }
    nav.sidebar();
    const own = message.user === state.selfId && !message.bot_id && kind !== 'changed';
    if (channel === state.current) nav.channelView(own);
    const t = state.thread;
    if (t && t.channel === channel && (message.thread_ts ?? message.ts) === t.ts) nav.thread.render();
  };

  /** @param {Record<string, any>} ev */
  const event = (ev) => {
    if (ev.type === 'message') message(ev.channel, ev.message, ev.kind);
    else if (ev.type === 'reaction' && ev.message) message(ev.channel, ev.message, 'changed');
    else if (ev.type === 'channel') {
      state.channels.set(ev.channel.id, { ...state.channels.get(ev.channel.id), ...ev.channel });
      nav.sidebar();
      // A channel event also means "read it again" (a response deleted a message, a join).
      if (ev.channel.id === state.current) {
        byId('composer-wrap').hidden = !ev.channel.is_member;
        if (ev.channel.is_member) void nav.loadHistory(ev.channel.id);
        else nav.channelView();
      } else {
        const t = state.timelines.get(ev.channel.id);
        if (t) t.loaded = false;
      }
    } else if (ev.type === 'view') deps.modals.show(ev.view, ev.kind);
  };

  /** After the stream was down: whatever happened meanwhile is in the history, read it again. */
  const reconnected = () => {
    for (const [id, t] of state.timelines) if (id !== state.current) t.loaded = false;
    void nav.loadHistory(state.current);
    if (state.thread) void nav.openThread(state.thread.channel, state.thread.ts);
  };

  return { message, event, reconnected };
}
