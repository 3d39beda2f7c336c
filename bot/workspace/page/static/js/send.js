// @ts-check
/**
 * What the person types, turned into what a Slack client sends: `&`, `<`, `>` escaped,
 * `@name` and `#channel` as Slack's `<@U…>` and `<#C…>` links, a leading `/` as a
 * slash command.
 */

/**
 * @param {string} text @param {import('./state.js').State} state
 */
export function encodeText(text, state) {
  const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const byName = new Map([...state.users.values()].map((u) => [u.name.toLowerCase(), u.id]));
  const channelByName = new Map([...state.channels.values()].filter((c) => !c.is_im).map((c) => [c.name, c.id]));
  return escaped
    .replace(/(^|[\s(])@([a-z0-9][a-z0-9._-]*?)([.]*)(?![a-z0-9._-])/gi, (whole, pre, name, dots) => {
      const id = byName.get(String(name).toLowerCase());
      return id ? `${pre}<@${id}>${dots}` : whole;
    })
    .replace(/(^|[\s(])#([a-z0-9][a-z0-9_-]*)/g, (whole, pre, name) => {
      const id = channelByName.get(name);
      return id ? `${pre}<#${id}|${name}>` : whole;
    });
}

/**
 * `/drill now please` → `{ command: '/drill', text: 'now please' }`; anything else is a message.
 * A leading `//` is Slack's way to send a message starting with `/`.
 * @param {string} text
 */
export function parseCommand(text) {
  const m = /^\/([a-z0-9_-]+)(?:\s+([\s\S]*))?$/i.exec(text.trim());
  if (!m || text.startsWith('//')) return undefined;
  return { command: `/${(m[1] ?? '').toLowerCase()}`, text: (m[2] ?? '').trim() };
}
