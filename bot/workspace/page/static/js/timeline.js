// @ts-check
import { h } from './dom.js';
import { authorOf } from './author.js';
import { renderMessage } from './message.js';
import { dayKey, dayLabel, tsDate } from './time.js';

/** Messages by one author closer together than this read as one block, as in Slack. */
const GROUP_SECONDS = 5 * 60;

/**
 * Messages with a divider at each new day and consecutive messages grouped by author.
 * @param {import('./types.js').Message[]} messages @param {import('./message.js').MessageContext} ctx @param {{ inThread?: boolean }} [opts]
 */
export function renderMessages(messages, ctx, opts = {}) {
  /** @type {HTMLElement[]} */
  const out = [];
  let lastDay = '';
  /** @type {import('./types.js').Message | undefined} */
  let prev;
  for (const m of messages) {
    const day = dayKey(tsDate(m.ts));
    if (day !== lastDay) {
      out.push(h('div', { class: 'day-divider', 'data-testid': 'day-divider', 'data-day': day }, h('span', {}, dayLabel(tsDate(m.ts)))));
      lastDay = day;
      prev = undefined;
    }
    const continuation = prev !== undefined
      && authorOf(prev, ctx.state).key === authorOf(m, ctx.state).key
      && Number(m.ts) - Number(prev.ts) < GROUP_SECONDS
      && !(prev.reply_count && !opts.inThread);
    out.push(renderMessage(m, ctx, { continuation, inThread: Boolean(opts.inThread) }));
    prev = m;
  }
  return out;
}

/** @param {HTMLElement} el */
export function nearBottom(el) {
  return el.scrollHeight - el.scrollTop - el.clientHeight < 80;
}

/**
 * Redraws a scrolling list, keeping the reader where they were: at the bottom if they
 * were there (so new messages come into view), else on the same content.
 * @param {HTMLElement} el @param {Array<HTMLElement>} children @param {{ toBottom?: boolean }} [opts]
 */
export function redraw(el, children, opts = {}) {
  const stick = opts.toBottom || nearBottom(el);
  const fromBottom = el.scrollHeight - el.scrollTop;
  el.replaceChildren(...children);
  el.scrollTop = stick ? el.scrollHeight : el.scrollHeight - fromBottom;
}
