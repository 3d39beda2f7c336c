// @ts-check
import { avatar } from './avatar.js';
import { byId, h } from './dom.js';
import { redraw, renderMessages } from './timeline.js';

/**
 * The main column for the channel on screen: its header, and its messages (or why
 * there are none to show yet).
 * @param {import('./state.js').State} state @param {import('./message.js').MessageContext} ctx
 * @param {{ loadOlder(): void, join(): void, toBottom?: boolean }} actions
 */
export function renderChannel(state, ctx, actions) {
  const channel = state.channels.get(state.current);
  const timelineEl = byId('timeline');
  if (!channel) return;
  const label = state.label(channel);
  const other = state.dmUser(channel);
  byId('chan-title').replaceChildren(
    channel.is_im ? avatar({ name: other?.real_name ?? label, image: other?.profile.image_48 }, 'sm') : h('span', { class: 'hash' }, channel.is_private ? '🔒' : '#'),
    h('span', {}, channel.is_im ? (other?.real_name ?? label) : label));
  byId('chan-topic').textContent = channel.topic?.value ?? '';
  byId('chan-members').textContent = channel.num_members && !channel.is_im ? `${channel.num_members} members` : '';
  timelineEl.dataset.channel = label;
  timelineEl.dataset.channelId = channel.id;

  const t = state.timeline(channel.id);
  if (!channel.is_member) {
    timelineEl.replaceChildren(h('div', { class: 'empty' },
      h('p', {}, `You are not in #${label}.`),
      h('button', { type: 'button', class: 'btn primary', 'data-testid': 'join-channel', onclick: actions.join }, `Join #${label}`)));
    return;
  }
  if (t.error) {
    timelineEl.replaceChildren(h('div', { class: 'empty error' }, `Could not load messages: ${t.error}`));
    return;
  }
  if (!t.loaded) {
    timelineEl.replaceChildren(h('div', { class: 'empty' }, 'Loading messages…'));
    return;
  }
  const intro = t.hasMore
    ? h('button', { type: 'button', class: 'load-older', 'data-testid': 'load-older', onclick: actions.loadOlder }, 'Load older messages')
    : h('div', { class: 'chan-intro' },
      h('h2', {}, channel.is_im ? (other?.real_name ?? label) : `#${label}`),
      h('p', {}, channel.is_im ? `This is the very beginning of your direct messages with ${other?.real_name ?? label}.` : `This is the very beginning of the #${label} channel.`),
      channel.purpose?.value ? h('p', { class: 'muted' }, channel.purpose.value) : null);
  redraw(timelineEl, [intro, ...renderMessages(t.messages, ctx)], { toBottom: Boolean(actions.toBottom) });
}
