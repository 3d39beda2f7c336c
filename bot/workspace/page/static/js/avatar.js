// @ts-check
import { h } from './dom.js';

/** @param {string} name */
function hue(name) {
  return [...name].reduce((acc, c) => (acc * 31 + c.charCodeAt(0)) % 360, 7);
}

/**
 * An avatar: the picture, else the persona's emoji, else the name's initial on a colour.
 * @param {{ name: string, image?: string | undefined, glyph?: string | undefined }} who @param {string} [size]
 */
export function avatar(who, size = 'md') {
  if (who.image) return h('img', { class: `avatar ${size}`, src: who.image, alt: '', 'aria-hidden': 'true' });
  const el = h('span', { class: `avatar ${size} ${who.glyph ? 'glyph' : 'letter'}`, 'aria-hidden': 'true' }, who.glyph ?? (who.name[0] ?? '?').toUpperCase());
  if (!who.glyph) el.style.background = `hsl(${hue(who.name)}, 50%, 42%)`;
  return el;
}
