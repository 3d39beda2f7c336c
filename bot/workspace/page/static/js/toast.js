// @ts-check
import { h } from './dom.js';

/** A short notice at the bottom of the screen, for failures that belong to no text box. @param {string} text */
export function showToast(text) {
  let box = document.getElementById('toasts');
  if (!box) {
    box = h('div', { id: 'toasts', class: 'toasts', 'aria-live': 'assertive' });
    document.body.append(box);
  }
  const toast = h('div', { class: 'toast', 'data-testid': 'toast', role: 'alert' }, text);
  box.append(toast);
  setTimeout(() => toast.remove(), 8000);
}
