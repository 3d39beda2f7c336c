// @ts-check
import { h } from './dom.js';

/**
 * A message box: Enter sends, Shift+Enter starts a new line, it grows with the text.
 * `send` resolves with an error message to show under the box, or nothing on success.
 * @param {{ testid: string, placeholder: string, send(text: string): Promise<string | undefined> }} opts
 */
export function createComposer(opts) {
  const input = /** @type {HTMLTextAreaElement} */ (h('textarea', { class: 'composer-input', 'data-testid': opts.testid, rows: 1, placeholder: opts.placeholder, 'aria-label': opts.placeholder }));
  const error = h('div', { class: 'composer-error', 'data-testid': `${opts.testid}-error`, role: 'alert', hidden: true });
  const button = h('button', { type: 'button', class: 'send-btn', 'data-testid': `${opts.testid}-send`, title: 'Send (Enter)', 'aria-label': 'Send' }, '➤');

  const grow = () => {
    input.style.height = 'auto';
    input.style.height = `${Math.min(input.scrollHeight, 240)}px`;
  };
  const showError = (/** @type {string | undefined} */ message) => {
    error.textContent = message ?? '';
    error.hidden = !message;
  };
  const submit = async () => {
    const text = input.value;
    if (!text.trim()) return;
    input.value = '';
    grow();
    showError(undefined);
    const failed = await opts.send(text);
    if (failed) {
      showError(failed);
      // Give the text back so a failed message or command can be fixed and re-sent.
      if (!input.value) {
        input.value = text;
        grow();
      }
    }
  };

  input.addEventListener('input', grow);
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      void submit();
    }
  });
  button.addEventListener('click', () => void submit());

  const root = h('div', { class: 'composer' },
    h('div', { class: 'composer-box' }, input, button),
    error,
    h('div', { class: 'composer-hint' }, h('b', {}, 'Enter'), ' to send · ', h('b', {}, 'Shift+Enter'), ' for a new line · ', h('b', {}, '/'), ' for commands'));
  return { root, input, showError, focus: () => input.focus() };
}
