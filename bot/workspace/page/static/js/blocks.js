// @ts-check
import { h } from './dom.js';
import { plainText, textObject } from './mrkdwn.js';

/**
 * @typedef {import('./types.js').Block} Block
 * @typedef {import('./mrkdwn.js').Names} Names
 * @typedef {{ names: Names, onAction?: (block: Block, element: Record<string, any>, button: HTMLButtonElement) => void }} BlockContext
 */

/** Images only from the workspace itself or data: URLs; the page never loads from the internet. @param {unknown} url */
export function safeImage(url) {
  return typeof url === 'string' && (/^data:image\//.test(url) || /^\/(?!\/)/.test(url));
}

/** @param {Record<string, any>} el @param {Block} block @param {BlockContext} ctx @returns {HTMLElement} */
function element(el, block, ctx) {
  if (el.type === 'button') {
    const button = /** @type {HTMLButtonElement} */ (h('button', {
      type: 'button', class: `bk-btn${el.style === 'primary' || el.style === 'danger' ? ` ${el.style}` : ''}`,
      'data-testid': 'block-button', 'data-action-id': el.action_id, 'data-block-id': block.block_id, 'data-value': el.value,
      html: plainText(el.text),
    }));
    button.addEventListener('click', () => {
      // A link button opens its URL and still tells the app, as Slack's does.
      if (typeof el.url === 'string' && /^https?:\/\//.test(el.url)) window.open(el.url, '_blank', 'noopener,noreferrer');
      ctx.onAction?.(block, el, button);
    });
    return button;
  }
  if (el.type === 'image') return image(el.image_url, el.alt_text, 'bk-accessory-img');
  // Selects, overflow menus and pickers are not drawn: say so rather than hide the control.
  return h('span', { class: 'bk-unsupported', title: 'Not supported on this page' }, `[${String(el.type)}]`);
}

/** @param {unknown} url @param {unknown} alt @param {string} cls */
function image(url, alt, cls) {
  const text = typeof alt === 'string' ? alt : 'image';
  return safeImage(url) ? h('img', { class: cls, src: url, alt: text, title: text }) : h('span', { class: `${cls} missing`, title: String(url ?? '') }, `🖼 ${text}`);
}

/** @param {Block} block @param {BlockContext} ctx @returns {HTMLElement | undefined} */
function renderBlock(block, ctx) {
  const id = { 'data-block-id': block.block_id, 'data-block-type': block.type };
  switch (block.type) {
    case 'section':
      return h('div', { class: 'bk-section', ...id },
        h('div', { class: 'bk-section-main' },
          block.text ? h('div', { class: 'bk-text', html: textObject(block.text, ctx.names) }) : null,
          Array.isArray(block.fields) ? h('div', { class: 'bk-fields' }, block.fields.map((f) => h('div', { class: 'bk-field', html: textObject(f, ctx.names) }))) : null),
        block.accessory ? h('div', { class: 'bk-accessory' }, element(block.accessory, block, ctx)) : null);
    case 'header':
      return h('div', { class: 'bk-header', ...id, html: plainText(block.text) });
    case 'divider':
      return h('hr', { class: 'bk-divider', ...id });
    case 'context':
      return h('div', { class: 'bk-context', ...id }, (block.elements ?? []).map((/** @type {Record<string, any>} */ e) =>
        e.type === 'image' ? image(e.image_url, e.alt_text, 'bk-context-img') : h('span', { html: textObject(e, ctx.names) })));
    case 'actions':
      return h('div', { class: 'bk-actions', ...id }, (block.elements ?? []).map((/** @type {Record<string, any>} */ e) => element(e, block, ctx)));
    case 'image':
      return h('figure', { class: 'bk-image', ...id },
        block.title ? h('figcaption', { html: plainText(block.title) }) : null,
        image(block.image_url, block.alt_text, 'bk-image-img'));
    default:
      return undefined;
  }
}

/**
 * The blocks the bot uses (section, header, divider, context, actions, image). Answers
 * nothing drawable when none is known, so the caller falls back to the message text.
 * @param {Block[] | undefined} blocks @param {BlockContext} ctx
 */
export function renderBlocks(blocks, ctx) {
  /** @type {HTMLElement[]} */
  const out = [];
  for (const block of blocks ?? []) {
    const el = renderBlock(block, ctx);
    if (el) out.push(el);
  }
  return out;
}
