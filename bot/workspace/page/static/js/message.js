// @ts-check
import { renderAttachments } from './attachments.js';
import { authorOf } from './author.js';
import { avatar } from './avatar.js';
import { renderBlocks } from './blocks.js';
import { h } from './dom.js';
import { emojiFor, quickReactions } from './emoji.js';
import { mrkdwn } from './mrkdwn.js';
import { clockTime, fullTime, isoTime, shortTime, tsDate } from './time.js';

/**
 * @typedef {import('./types.js').Message} Message
 * @typedef {{
 *   state: import('./state.js').State,
 *   onAction(m: Message, block: import('./types.js').Block, element: Record<string, any>, button: HTMLButtonElement): void,
 *   onOpenThread(m: Message): void,
 *   onReact(m: Message, name: string): void,
 * }} MessageContext
 */

/** @param {MessageContext} ctx */
export function namesOf(ctx) {
  const { state } = ctx;
  return { userName: (/** @type {string} */ id) => state.userName(id), channelName: (/** @type {string} */ id) => state.channelName(id), selfId: state.selfId };
}

/** @param {Message} m @param {MessageContext} ctx */
function reactions(m, ctx) {
  if (!m.reactions?.length) return null;
  return h('div', { class: 'reactions' }, m.reactions.map((r) => {
    const mine = r.users.includes(ctx.state.selfId);
    const who = r.users.map((u) => ctx.state.userName(u)).join(', ');
    return h('button', {
      type: 'button', class: `reaction${mine ? ' mine' : ''}`, 'data-testid': 'reaction', 'data-reaction': r.name,
      title: `${who} reacted with :${r.name}:`, onclick: () => ctx.onReact(m, r.name),
    }, h('span', { class: 'emoji' }, emojiFor(r.name) ?? `:${r.name}:`), h('span', { class: 'count' }, String(r.count)));
  }));
}

/** @param {Message} m @param {MessageContext} ctx */
function replyBar(m, ctx) {
  if (!m.reply_count || m.thread_ts !== m.ts) return null;
  const faces = (m.reply_users ?? []).slice(0, 4).map((id) => {
    const u = ctx.state.users.get(id);
    return avatar({ name: u?.real_name ?? id, image: u?.profile.image_48 }, 'xs');
  });
  return h('button', { type: 'button', class: 'reply-bar', 'data-testid': 'reply-count', 'data-reply-count': m.reply_count, onclick: () => ctx.onOpenThread(m) },
    faces,
    h('span', { class: 'reply-count' }, `${m.reply_count} ${m.reply_count === 1 ? 'reply' : 'replies'}`),
    m.latest_reply ? h('span', { class: 'reply-last' }, `Last reply ${shortTime(m.latest_reply)}`) : null);
}

/** @param {Message} m @param {MessageContext} ctx @param {boolean} inThread */
function hoverBar(m, ctx, inThread) {
  return h('div', { class: 'hover-bar', role: 'toolbar', 'aria-label': 'Message actions' },
    quickReactions.map((name) => h('button', { type: 'button', class: 'hover-btn', title: `React with :${name}:`, 'data-react': name, onclick: () => ctx.onReact(m, name) }, emojiFor(name) ?? name)),
    inThread ? null : h('button', { type: 'button', class: 'hover-btn text', title: 'Reply in thread', 'data-testid': 'reply-in-thread', onclick: () => ctx.onOpenThread(m) }, 'Reply'));
}

/**
 * One message: avatar, author (persona and APP tag), time, text or blocks, attachments,
 * files, reactions and its thread's reply count. A continuation (same author, minutes
 * later) shows only the text, with the time in the gutter on hover.
 * @param {Message} m @param {MessageContext} ctx @param {{ continuation?: boolean, inThread?: boolean }} [opts]
 */
export function renderMessage(m, ctx, opts = {}) {
  const who = authorOf(m, ctx.state);
  const names = namesOf(ctx);
  const channel = ctx.state.channels.get(m.channel);
  const blockCtx = { names, onAction: (/** @type {any} */ block, /** @type {any} */ el, /** @type {HTMLButtonElement} */ button) => ctx.onAction(m, block, el, button) };
  const blocks = renderBlocks(m.blocks, blockCtx);
  const time = h('time', { datetime: isoTime(m.ts), title: fullTime(m.ts), 'data-testid': 'message-time' }, shortTime(m.ts));
  const body = h('div', { class: 'msg-body' },
    opts.continuation ? null : h('div', { class: 'msg-meta' },
      h('span', { class: 'author', 'data-testid': 'author' }, who.name),
      who.app ? h('span', { class: 'app-tag', 'data-testid': 'app-tag' }, 'APP') : null,
      time),
    blocks.length ? h('div', { class: 'blocks', 'data-testid': 'blocks' }, blocks)
      : h('div', { class: 'msg-text', 'data-testid': 'message-text', html: mrkdwn(m.text, names) }),
    m.edited ? h('span', { class: 'edited', title: `Edited ${fullTime(m.edited.ts)}` }, '(edited)') : null,
    m.attachments?.length ? h('div', { class: 'attachments' }, renderAttachments(m.attachments, blockCtx)) : null,
    m.files?.length ? h('div', { class: 'files' }, m.files.map((f) => h('span', { class: 'file', 'data-file-id': f.id }, `📎 ${f.title || f.name}`))) : null,
    reactions(m, ctx),
    opts.inThread ? null : replyBar(m, ctx));
  return h('article', {
    class: `msg${opts.continuation ? ' cont' : ''}${m.text.includes(`<@${ctx.state.selfId}`) ? ' mentions-me' : ''}`,
    'data-testid': 'message', 'data-ts': m.ts, 'data-channel': channel ? ctx.state.label(channel) : m.channel, 'data-channel-id': m.channel,
    'data-user': m.user, 'data-author': who.name, 'data-thread-ts': m.thread_ts, 'data-day': tsDate(m.ts).toDateString(),
  },
  h('div', { class: 'gutter' }, opts.continuation ? h('time', { class: 'gutter-time', datetime: isoTime(m.ts), title: fullTime(m.ts) }, clockTime(m.ts)) : avatar(who)),
  body,
  hoverBar(m, ctx, Boolean(opts.inThread)));
}
