// @ts-check
import { emojiFor } from './emoji.js';
import { safeImage } from './blocks.js';

/**
 * @typedef {{ key: string, name: string, image: string | undefined, glyph: string | undefined, app: boolean, userId: string | undefined }} Author
 */

/**
 * Who a message shows as. A bot posting with a persona (chat:write.customize) shows the
 * persona's name and icon, not the app's, and gets the APP tag so people can tell.
 * @param {import('./types.js').Message} m @param {import('./state.js').State} state
 * @returns {Author}
 */
export function authorOf(m, state) {
  const user = m.user ? state.users.get(m.user) : undefined;
  const app = Boolean(m.bot_id || m.subtype === 'bot_message' || user?.is_bot);
  if (m.username && app) {
    const icon = m.icons?.image_48 ?? m.icons?.image_72;
    const glyph = m.icons?.emoji ? emojiFor(m.icons.emoji.replace(/^:|:$/g, '')) : undefined;
    return { key: `persona:${m.username}`, name: m.username, image: safeImage(icon) ? icon : undefined, glyph, app, userId: m.user };
  }
  if (user) return { key: `user:${user.id}`, name: user.real_name || user.name, image: user.profile.image_72 || user.profile.image_48, glyph: undefined, app, userId: user.id };
  return { key: `other:${m.user ?? m.bot_id ?? ''}`, name: m.username ?? m.user ?? 'unknown', image: undefined, glyph: undefined, app, userId: m.user };
}
