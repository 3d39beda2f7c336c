// @ts-check
import { h } from './dom.js';
import { escapeHtml, mrkdwn } from './mrkdwn.js';
import { renderBlocks } from './blocks.js';

/** Legacy attachment colours by name, as Slack maps them. */
const named = { good: '#2eb67d', warning: '#ecb22e', danger: '#e01e5a' };

/** @param {unknown} c */
function color(c) {
  if (typeof c !== 'string') return '#dddddd';
  const known = /** @type {Record<string, string>} */ (named)[c];
  if (known) return known;
  return /^#?[0-9a-f]{3,8}$/i.test(c) ? (c.startsWith('#') ? c : `#${c}`) : '#dddddd';
}

/**
 * Legacy attachments (alert bots still send them): a colour bar, title, text, fields, footer.
 * @param {Array<Record<string, any>> | undefined} list @param {import('./blocks.js').BlockContext} ctx
 */
export function renderAttachments(list, ctx) {
  return (list ?? []).map((a) => {
    const bar = h('div', { class: 'att-bar' });
    // The colour comes from the message, so set it through the CSSOM (no inline style attribute, which CSP forbids).
    bar.style.background = color(a.color);
    const title = typeof a.title === 'string'
      ? (typeof a.title_link === 'string' && /^https?:\/\//.test(a.title_link)
        ? h('a', { class: 'att-title', href: a.title_link, target: '_blank', rel: 'noopener noreferrer' }, a.title)
        : h('div', { class: 'att-title' }, a.title))
      : null;
    const fields = Array.isArray(a.fields) && a.fields.length
      ? h('div', { class: 'att-fields' }, a.fields.map((/** @type {Record<string, any>} */ f) => h('div', { class: `att-field${f.short ? ' short' : ''}` },
        h('div', { class: 'att-field-title' }, String(f.title ?? '')), h('div', { html: mrkdwn(String(f.value ?? ''), ctx.names) }))))
      : null;
    return h('div', { class: 'attachment', 'data-testid': 'attachment' }, bar,
      h('div', { class: 'att-body' },
        a.pretext ? h('div', { class: 'att-pretext', html: mrkdwn(a.pretext, ctx.names) }) : null,
        a.author_name ? h('div', { class: 'att-author', html: escapeHtml(String(a.author_name)) }) : null,
        title,
        a.text ? h('div', { class: 'att-text', html: mrkdwn(a.text, ctx.names) }) : null,
        fields,
        Array.isArray(a.blocks) ? renderBlocks(a.blocks, ctx) : null,
        a.footer ? h('div', { class: 'att-footer' }, String(a.footer)) : null));
  });
}
