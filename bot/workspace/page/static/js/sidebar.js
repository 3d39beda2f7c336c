// @ts-check
import { avatar } from './avatar.js';
import { byId, h } from './dom.js';

/**
 * The channel and DM lists, with unread marks: bold for unread, a count for mentions
 * and DMs, as in Slack. Channels the person has not joined are listed dimmed.
 * @param {import('./state.js').State} state @param {import('./unread.js').Unread} unread @param {(id: string) => void} select
 */
export function renderSidebar(state, unread, select) {
  const all = [...state.channels.values()].filter((c) => !c.is_archived);
  const item = (/** @type {import('./types.js').Channel} */ c) => {
    const u = unread.of(c.id);
    const label = state.label(c);
    const badge = c.is_im ? u.count : u.mentions;
    const other = state.dmUser(c);
    return h('li', {},
      h('button', {
        type: 'button', class: `nav-item${u.count ? ' unread' : ''}${c.is_member ? '' : ' not-member'}`,
        'data-channel': label, 'data-channel-id': c.id, 'data-unread': u.count, 'data-kind': c.is_im ? 'im' : 'channel',
        'aria-current': c.id === state.current ? 'page' : undefined, onclick: () => select(c.id),
      },
      c.is_im ? avatar({ name: other?.real_name ?? label, image: other?.profile.image_48 }, 'xs') : h('span', { class: 'hash' }, c.is_private ? '🔒' : '#'),
      h('span', { class: 'nav-label' }, label),
      badge ? h('span', { class: 'badge', 'data-testid': 'unread-badge' }, String(badge)) : null));
  };
  byId('channel-list').replaceChildren(...all.filter((c) => !c.is_im).sort((a, b) => a.name.localeCompare(b.name)).map(item));
  byId('dm-list').replaceChildren(...all.filter((c) => c.is_im && c.is_member).sort((a, b) => state.label(a).localeCompare(state.label(b))).map(item));
  const total = unread.total();
  document.title = `${total ? `(${total}) ` : ''}${state.team.name}`;
}
