// @ts-check
import { renderBlocks } from './blocks.js';
import { h } from './dom.js';
import { collectValues, renderInput } from './modal-input.js';
import { plainText } from './mrkdwn.js';

/**
 * @typedef {import('./types.js').View} View
 */

/**
 * The modal the app opens on the person's screen: a stack of views (open, push, update,
 * close arrive on the stream), submitted to /page-api/view-submission, closed through
 * /page-api/view-closed. Errors the app answers with show under their inputs.
 * @param {{ root: HTMLElement, api: import('./api.js').Api, names: import('./mrkdwn.js').Names, onAction(view: View, block: import('./types.js').Block, element: Record<string, any>, button: HTMLButtonElement): void }} deps
 */
export function createModals(deps) {
  /** @type {View[]} */
  let stack = [];
  let busy = false;

  /** What is typed in the open view, by block and action, so a redraw keeps it. */
  const drafts = () => {
    /** @type {Map<string, string>} */
    const out = new Map();
    for (const f of deps.root.querySelectorAll('[data-testid="modal-input"]')) {
      const field = /** @type {HTMLInputElement} */ (f);
      out.set(`${field.dataset.blockId}/${field.dataset.actionId}`, field.value);
    }
    return out;
  };

  const render = () => {
    const view = stack.at(-1);
    if (!view) {
      deps.root.replaceChildren();
      document.body.classList.remove('modal-open');
      return;
    }
    const keep = deps.root.querySelector(`[data-view-id="${CSS.escape(view.id)}"]`) ? drafts() : new Map();
    /** @type {import('./types.js').Block[]} */
    const blocks = (view.blocks ?? []).map((b, i) => ({ ...b, block_id: b.block_id ?? `block-${i}` }));
    const general = h('div', { class: 'modal-general-error', 'data-testid': 'modal-general-error', role: 'alert', hidden: true });
    const body = h('form', { class: 'modal-body', novalidate: true },
      blocks.flatMap((b) => (b.type === 'input'
        ? renderInput(b, keep.get(`${b.block_id}/${b.element?.action_id}`))
        : renderBlocks([b], { names: deps.names, onAction: (block, el, button) => deps.onAction(view, block, el, button) }))));
    const submit = view.submit ? h('button', { type: 'submit', class: 'btn primary', 'data-testid': 'modal-submit' }, h('span', { html: plainText(view.submit) })) : null;
    const dialog = h('div', { class: 'modal', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'modal-title', 'data-testid': 'modal', 'data-view-id': view.id, 'data-callback-id': view.callback_id },
      h('header', { class: 'modal-head' },
        h('h2', { id: 'modal-title', 'data-testid': 'modal-title', html: plainText(view.title) }),
        h('button', { type: 'button', class: 'modal-x', 'data-testid': 'modal-x', 'aria-label': 'Close', onclick: () => void close() }, '×')),
      body,
      general,
      h('footer', { class: 'modal-foot' },
        h('button', { type: 'button', class: 'btn', 'data-testid': 'modal-close', onclick: () => void close() }, h('span', { html: plainText(view.close ?? { type: 'plain_text', text: 'Cancel' }) })),
        submit));
    body.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && submit) {
        e.preventDefault();
        void send(view, body, blocks, general);
      }
    });
    body.addEventListener('submit', (e) => {
      e.preventDefault();
      void send(view, body, blocks, general);
    });
    // The footer's submit button sits outside the form: wire it to the same submission.
    submit?.addEventListener('click', (e) => {
      e.preventDefault();
      void send(view, body, blocks, general);
    });
    const overlay = h('div', { class: 'modal-overlay', 'data-testid': 'modal-overlay' }, dialog);
    overlay.addEventListener('mousedown', (e) => {
      if (e.target === overlay) void close();
    });
    deps.root.replaceChildren(overlay);
    document.body.classList.add('modal-open');
    const first = /** @type {HTMLElement | null} */ (dialog.querySelector('input, textarea'));
    (first ?? dialog.querySelector('button'))?.focus();
  };

  /**
   * @param {View} view @param {HTMLElement} form @param {import('./types.js').Block[]} blocks @param {HTMLElement} general
   */
  const send = async (view, form, blocks, general) => {
    if (busy) return;
    const { values, errors } = collectValues(form, blocks);
    showErrors(form, general, errors, undefined);
    if (Object.keys(errors).length) return;
    busy = true;
    form.closest('.modal')?.classList.add('busy');
    const answer = await deps.api.post('view-submission', { view_id: view.id, values });
    busy = false;
    form.closest('.modal')?.classList.remove('busy');
    if (stack.at(-1)?.id !== view.id) return;
    const appErrors = answer.errors && typeof answer.errors === 'object' ? /** @type {Record<string, string>} */ (answer.errors) : undefined;
    if (appErrors && Object.keys(appErrors).length) return showErrors(form, general, appErrors, undefined);
    if (answer.ok === false) return showErrors(form, general, {}, `Could not submit: ${answer.error ?? 'unknown error'}`);
    if (answer.response_action === 'update' && answer.view) return show(/** @type {View} */ (answer.view), 'update');
    if (answer.response_action === 'push' && answer.view) return show(/** @type {View} */ (answer.view), 'push');
    if (answer.response_action === 'clear') stack = [];
    else stack = stack.filter((v) => v.id !== view.id);
    render();
  };

  /**
   * @param {HTMLElement} form @param {HTMLElement} general @param {Record<string, string>} errors @param {string | undefined} message
   */
  const showErrors = (form, general, errors, message) => {
    const unplaced = [];
    for (const slot of form.querySelectorAll('[data-testid="modal-error"]')) {
      const el = /** @type {HTMLElement} */ (slot);
      const text = errors[el.dataset.blockId ?? ''];
      el.textContent = text ?? '';
      el.hidden = !text;
      el.closest('.bk-input')?.classList.toggle('invalid', Boolean(text));
    }
    for (const [block, text] of Object.entries(errors)) if (!form.querySelector(`[data-testid="modal-error"][data-block-id="${CSS.escape(block)}"]`)) unplaced.push(text);
    const all = [message, ...unplaced].filter(Boolean).join(' ');
    general.textContent = all;
    general.hidden = !all;
  };

  /** Cancel, × or Escape: the top view closes (the whole stack with clear_on_close), as in Slack. */
  const close = async () => {
    const view = stack.at(-1);
    if (!view) return;
    stack = /** @type {{ clear_on_close?: boolean }} */ (view).clear_on_close ? [] : stack.slice(0, -1);
    render();
    const answer = await deps.api.post('view-closed', { view_id: view.id });
    if (answer.ok === false && answer.error !== 'view_not_found') console.warn('view-closed failed', answer);
  };

  /** @param {View} view @param {'open' | 'update' | 'push' | 'close'} kind */
  const show = (view, kind) => {
    if (kind === 'open') stack = [view];
    else if (kind === 'push') stack = [...stack.filter((v) => v.id !== view.id), view];
    else if (kind === 'update') {
      if (!stack.some((v) => v.id === view.id)) return;
      stack = stack.map((v) => (v.id === view.id ? view : v));
    } else {
      const at = stack.findIndex((v) => v.id === view.id);
      if (at < 0) return;
      stack = at === 0 ? [] : stack.slice(0, at);
    }
    render();
  };

  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && stack.length) void close();
  });

  return { show, get open() { return stack.length > 0; } };
}
