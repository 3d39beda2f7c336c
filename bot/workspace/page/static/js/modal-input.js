// @ts-check
import { h } from './dom.js';
import { plainText } from './mrkdwn.js';

/**
 * An input block of a modal: label, the control, hint, and a slot for its error.
 * Only plain_text_input is drawn as a control; other elements say they are unsupported.
 * @param {import('./types.js').Block} block @param {string | undefined} draft what was typed before a redraw
 */
export function renderInput(block, draft) {
  const el = /** @type {Record<string, any>} */ (block.element ?? {});
  const id = `in-${block.block_id}-${el.action_id}`;
  const common = {
    id, class: 'modal-field', 'data-testid': 'modal-input', 'data-block-id': block.block_id, 'data-action-id': el.action_id,
    placeholder: el.placeholder?.text, maxlength: el.max_length, 'aria-describedby': `${id}-error`,
  };
  /** @type {HTMLElement} */
  let control;
  if (el.type === 'plain_text_input') {
    const field = /** @type {HTMLInputElement | HTMLTextAreaElement} */ (el.multiline ? h('textarea', { ...common, rows: 4 }) : h('input', { ...common, type: 'text' }));
    field.value = draft ?? (typeof el.initial_value === 'string' ? el.initial_value : '');
    control = field;
  } else {
    control = h('div', { class: 'bk-unsupported' }, `This page cannot draw a ${String(el.type)} input.`);
  }
  return h('div', { class: 'bk-input', 'data-testid': 'modal-input-block', 'data-block-id': block.block_id },
    h('label', { for: id, class: 'bk-input-label' }, h('span', { html: plainText(block.label) }), block.optional ? h('span', { class: 'optional' }, ' (optional)') : null),
    control,
    block.hint ? h('div', { class: 'bk-input-hint', html: plainText(block.hint) }) : null,
    h('div', { id: `${id}-error`, class: 'input-error', 'data-testid': 'modal-error', 'data-block-id': block.block_id, role: 'alert', hidden: true }));
}

/**
 * The submission's `values` as Slack's view.state.values has them, and the errors a
 * person gets before anything is sent (required fields, min_length), by block_id.
 * @param {HTMLElement} form @param {import('./types.js').Block[]} blocks
 */
export function collectValues(form, blocks) {
  /** @type {Record<string, Record<string, { type: string, value: string | null }>>} */
  const values = {};
  /** @type {Record<string, string>} */
  const errors = {};
  for (const block of blocks) {
    if (block.type !== 'input' || block.element?.type !== 'plain_text_input' || !block.block_id) continue;
    const actionId = String(block.element.action_id ?? '');
    const field = /** @type {HTMLInputElement | null} */ (form.querySelector(`[data-block-id="${CSS.escape(block.block_id)}"][data-action-id="${CSS.escape(actionId)}"]`));
    const value = field?.value ?? '';
    if (!value.trim() && !block.optional) errors[block.block_id] = 'Please fill out this field.';
    else if (value && typeof block.element.min_length === 'number' && value.length < block.element.min_length) {
      errors[block.block_id] = `Please enter at least ${block.element.min_length} characters.`;
    }
    // Slack sends null for an optional input left empty.
    values[block.block_id] = { [actionId]: { type: 'plain_text_input', value: value === '' ? null : value } };
  }
  return { values, errors };
}
