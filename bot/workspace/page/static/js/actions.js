// @ts-check
import { reason } from './navigation.js';
import { encodeText, parseCommand } from './send.js';
import { showToast } from './toast.js';

/** @typedef {import('./types.js').Message} Message */

/**
 * What the person does: send a message or a slash command, click a button, react, join.
 * Results come back on the stream; failures are shown where the person acted.
 * @param {{ state: import('./state.js').State, api: import('./api.js').Api, nav: () => import('./navigation.js').Navigation,
 *   onPosted(channel: string, message: Message): void }} deps
 */
export function createActions(deps) {
  const { state, api } = deps;
  return {
    /**
     * @param {string} channel @param {string} text @param {string} [threadTs]
     * @returns {Promise<string | undefined>} the error line to show, if it failed
     */
    async send(channel, text, threadTs) {
      const command = parseCommand(text);
      if (command) {
        const answer = await api.post('command', { channel, command: command.command, text: command.text });
        // The app's reply (its ack's text) arrives as a message on the stream.
        return answer.ok === false ? `${command.command} failed: ${answer.error}${answer.detail ? ` (${answer.detail})` : ''}` : undefined;
      }
      const body = text.startsWith('//') ? text.slice(1) : text;
      try {
        const answer = await api.call('chat.postMessage', { channel, text: encodeText(body, state), ...(threadTs ? { thread_ts: threadTs } : {}) });
        // Shown now, without waiting for the stream (it dedupes by ts).
        deps.onPosted(answer.channel, answer.message);
        return undefined;
      } catch (err) {
        return `Message not sent: ${reason(err)}`;
      }
    },

    /**
     * A button in a message (`channel` + `message_ts`) or in a modal (`view_id`).
     * @param {Record<string, unknown>} where @param {import('./types.js').Block} block @param {Record<string, any>} el @param {HTMLButtonElement} button
     */
    async click(where, block, el, button) {
      button.disabled = true;
      button.classList.add('busy');
      const answer = await api.post('action', { ...where, block_id: block.block_id, action_id: el.action_id, value: el.value });
      button.disabled = false;
      button.classList.remove('busy');
      if (answer.ok === false) showToast(`${el.text?.text ?? 'Button'}: ${answer.error}${answer.detail ? ` (${answer.detail})` : ''}`);
    },

    /** Adds the reaction, or takes the person's own back. @param {Message} m @param {string} name */
    async react(m, name) {
      const mine = m.reactions?.some((r) => r.name === name && r.users.includes(state.selfId));
      try {
        await api.call(mine ? 'reactions.remove' : 'reactions.add', { channel: m.channel, timestamp: m.ts, name });
      } catch (err) {
        showToast(`Could not react: ${reason(err)}`);
      }
    },

    /** @param {string} id */
    async join(id) {
      try {
        const answer = await api.call('conversations.join', { channel: id });
        state.channels.set(id, { ...state.channels.get(id), ...answer.channel, is_member: true });
        deps.nav().select(id);
      } catch (err) {
        showToast(`Could not join: ${reason(err)}`);
      }
    },
  };
}
