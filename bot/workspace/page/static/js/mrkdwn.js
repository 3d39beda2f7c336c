// @ts-check
import { emojiFor } from './emoji.js';

/**
 * @typedef {{ userName(id: string): string, channelName(id: string): string, selfId: string }} Names
 */

/** @param {string} s */
export function escapeHtml(s) {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Slack sends `&`, `<`, `>` escaped in text; undo that before escaping for HTML. @param {string} s */
function decodeSlack(s) {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** @param {string} s */
function emojify(s) {
  return s.replace(/:([a-z0-9_+-]+(?:::skin-tone-\d)?):/g, (whole, code) => {
    const glyph = emojiFor(code);
    return glyph ? `<span class="emoji" title=":${code}:">${glyph}</span>` : whole;
  });
}

/**
 * `<@U1|name>`, `<#C1>`, `<!here>`, `<https://x|label>` as HTML; anything else in angle
 * brackets (`<script>`) is not Slack markup, and stays text.
 * @param {string} inner @param {Names} names @returns {string | undefined}
 */
function special(inner, names) {
  const bar = inner.indexOf('|');
  const target = bar < 0 ? inner : inner.slice(0, bar);
  const label = bar < 0 ? '' : decodeSlack(inner.slice(bar + 1));
  if (/^@[UWB][A-Z0-9]+$/.test(target)) {
    const id = target.slice(1);
    const me = id === names.selfId ? ' me' : '';
    return `<span class="mention${me}" data-user="${id}">@${escapeHtml(label.replace(/^@/, '') || names.userName(id))}</span>`;
  }
  if (/^#[CDG][A-Z0-9]+$/.test(target)) {
    const id = target.slice(1);
    return `<a class="channel-link" href="#" data-channel-link="${id}">#${escapeHtml(label || names.channelName(id))}</a>`;
  }
  const broadcast = /^!(here|channel|everyone)$/.exec(target);
  if (broadcast) return `<span class="mention broadcast">@${broadcast[1]}</span>`;
  if (/^!(subteam\^|date\^)/.test(target)) return `<span class="mention">${escapeHtml(label || target.slice(1))}</span>`;
  if (/^(https?:\/\/|mailto:)[^\s"]+$/i.test(decodeSlack(target))) {
    const url = decodeSlack(target);
    return `<a href="${escapeHtml(url)}" target="_blank" rel="noopener noreferrer">${escapeHtml(label || url)}</a>`;
  }
  return undefined;
}

/**
 * One stretch of text outside code fences. Pieces that must not be formatted further
 * (code, links, mentions) are swapped for NUL-delimited placeholders and put back last.
 * @param {string} text @param {Names} names
 */
function inline(text, names) {
  /** @type {string[]} */
  const held = [];
  const hold = (/** @type {string} */ html) => `\u0000${held.push(html) - 1}\u0000`;
  let s = text.replace(/`([^`\n]+)`/g, (_, code) => hold(`<code>${escapeHtml(decodeSlack(code))}</code>`));
  s = s.replace(/<([^<>\s][^<>]*)>/g, (whole, inner) => {
    const html = special(inner, names);
    return html === undefined ? whole : hold(html);
  });
  s = escapeHtml(decodeSlack(s));
  // A bare URL: Slack links these when they are posted; escaped already, so safe in href.
  s = s.replace(/\bhttps?:\/\/[^\s\u0000]+[^\s\u0000.,;:!?)\]'"]/g, (url) => hold(`<a href="${url}" target="_blank" rel="noopener noreferrer">${url}</a>`));
  s = s.replace(/:([a-z0-9_+-]+):/g, (whole) => {
    const html = emojify(whole);
    return html === whole ? whole : hold(html);
  });
  s = s.replace(/(^|[^\w*])\*(?!\s)([^*\n]+?)\*(?!\w)/g, '$1<strong>$2</strong>');
  s = s.replace(/(^|[^\w_])_(?!\s)([^_\n]+?)_(?!\w)/g, '$1<em>$2</em>');
  s = s.replace(/(^|[^\w~])~(?!\s)([^~\n]+?)~(?!\w)/g, '$1<del>$2</del>');
  s = quotes(s);
  return s.replace(/\u0000(\d+)\u0000/g, (_, i) => held[Number(i)] ?? '');
}

/** Lines starting with `>` become one blockquote; other newlines become `<br>`. @param {string} s */
function quotes(s) {
  const out = [];
  /** @type {string[]} */
  let quoted = [];
  const flush = () => {
    if (quoted.length) out.push(`<blockquote>${quoted.join('<br>')}</blockquote>`);
    quoted = [];
  };
  for (const line of s.split('\n')) {
    const m = /^&#62; ?(.*)$/.exec(line);
    if (m) quoted.push(m[1] ?? '');
    else {
      flush();
      out.push(line);
    }
  }
  flush();
  return out.join('<br>').replace(/<\/blockquote><br>/g, '</blockquote>');
}

/**
 * Slack mrkdwn to HTML: *bold*, _italic_, ~strike~, `code`, ``` blocks ```, > quotes,
 * links, mentions, channels and :emoji:. Every character of the input is escaped.
 * @param {string | undefined} text @param {Names} names
 */
export function mrkdwn(text, names) {
  const parts = String(text ?? '').replace(/\u0000/g, '').split('```');
  return parts.map((part, i) => {
    const fenced = i % 2 === 1 && i < parts.length - 1;
    if (fenced) return `<pre class="code-block">${escapeHtml(decodeSlack(part.replace(/^\n/, '').replace(/\n$/, '')))}</pre>`;
    const lone = i % 2 === 1 ? '```' : '';
    return escapeHtml(lone) + inline(part, names);
  }).join('');
}

/**
 * A Block Kit plain_text object: escaped, `:emoji:` converted unless `emoji: false`.
 * @param {{ text?: string, emoji?: boolean } | undefined} obj
 */
export function plainText(obj) {
  const s = escapeHtml(String(obj?.text ?? '')).replace(/\n/g, '<br>');
  return obj?.emoji === false ? s : emojify(s);
}

/**
 * Any Block Kit text object.
 * @param {{ type?: string, text?: string, emoji?: boolean } | undefined} obj @param {Names} names
 */
export function textObject(obj, names) {
  return obj?.type === 'mrkdwn' ? mrkdwn(obj.text, names) : plainText(obj);
}
