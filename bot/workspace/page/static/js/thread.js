// @ts-check
import { createComposer } from './composer.js';
import { h } from './dom.js';
import { redraw, renderMessages } from './timeline.js';

/**
 * The thread side pane: the parent message, its replies, and a composer that replies
 * in the thread. The composer survives redraws, so live replies never eat a draft.
 * @param {{
 *   el: HTMLElement, state: import('./state.js').State, ctx: import('./message.js').MessageContext,
 *   send(channel: string, threadTs: string, text: string): Promise<string | undefined>, onClose(): void,
 * }} deps
 */
export function createThreadPane(deps) {
  let openKey = '';
  const list = h('div', { class: 'thread-list', 'data-testid': 'thread-messages' });
  const title = h('div', { class: 'thread-title' });
  /** @type {ReturnType<typeof createComposer> | undefined} */
  let composer;

  const render = () => {
    const t = deps.state.thread;
    if (!t) {
      deps.el.hidden = true;
      openKey = '';
      return;
    }
    const key = `${t.channel}:${t.ts}`;
    const messages = deps.state.threads.get(key);
    if (key !== openKey) {
      openKey = key;
      const channel = deps.state.channels.get(t.channel);
      title.replaceChildren(h('strong', {}, 'Thread'), h('span', { class: 'thread-chan' }, channel ? `${channel.is_im ? '@' : '#'}${deps.state.label(channel)}` : ''));
      composer = createComposer({ testid: 'thread-composer', placeholder: 'Reply…', send: (text) => deps.send(t.channel, t.ts, text) });
      deps.el.replaceChildren(
        h('header', { class: 'thread-head' }, title, h('button', { type: 'button', class: 'icon-btn', 'data-testid': 'thread-close', 'aria-label': 'Close thread', onclick: deps.onClose }, '×')),
        list,
        h('div', { class: 'thread-composer' }, composer.root));
      deps.el.hidden = false;
      deps.el.dataset.threadTs = t.ts;
      deps.el.dataset.channelId = t.channel;
      list.replaceChildren();
      composer.focus();
    }
    if (!messages || t.loading) {
      list.replaceChildren(h('div', { class: 'loading' }, 'Loading thread…'));
      return;
    }
    const [parent, ...replies] = messages;
    redraw(list, [
      ...(parent ? renderMessages([parent], deps.ctx, { inThread: true }) : []),
      h('div', { class: 'thread-count', 'data-testid': 'thread-count' }, `${replies.length} ${replies.length === 1 ? 'reply' : 'replies'}`),
      ...renderMessages(replies, deps.ctx, { inThread: true }).filter((el) => !el.classList.contains('day-divider')),
    ]);
  };
  return { render };
}
