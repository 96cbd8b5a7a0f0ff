// Small DOM helpers: build elements without innerHTML, and reorder keyed children in place.
import { t } from './texts.js';

/** `el('button', { className: 'x', onclick }, 'text', child)`; null children are skipped. */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('data-') || key.startsWith('aria-') || key === 'role' || key === 'for' || key === 'list') node.setAttribute(key, String(value));
    else node[key] = value;
  }
  for (const child of children.flat()) if (child !== null && child !== undefined && child !== false) node.append(child);
  return node;
}

/** A span in the chosen language that follows a change of language (`data-t`, see inbox.js `translate`). */
export const translated = (key, props = {}) => el('span', { ...props, 'data-t': key, textContent: t(key) });

/**
 * Makes `parent`'s children exactly `nodes`, in order, moving only what is out of place: a new
 * row in a list of a thousand costs one insertion, not a thousand.
 */
export function reconcile(parent, nodes) {
  let cursor = parent.firstChild;
  for (const node of nodes) {
    if (node === cursor) {
      cursor = cursor.nextSibling;
      continue;
    }
    parent.insertBefore(node, cursor);
  }
  while (cursor) {
    const next = cursor.nextSibling;
    cursor.remove();
    cursor = next;
  }
}

/** Sets an element's text only when it changed, in place when it is one text node (no layout work for nothing). */
export function setText(node, text) {
  const only = node.firstChild;
  if (only && only === node.lastChild && only.nodeType === Node.TEXT_NODE) {
    if (only.data !== text) only.data = text;
  } else if (node.textContent !== text) node.textContent = text;
}
