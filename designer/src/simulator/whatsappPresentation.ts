import type { AskOption } from '@griot/flows';

/** WhatsApp Cloud API limits: 1–3 reply buttons of ≤ 20 characters; a list of ≤ 10 rows of ≤ 24. */
const BUTTONS = { max: 3, title: 20 };
const LIST = { max: 10, title: 24 };

export type WhatsAppMenu = 'buttons' | 'list' | 'numbered';

/**
 * How WhatsApp shows a menu, by the same rule as the messaging connector: buttons when every
 * option fits, else a list, else numbered text. Labels are never cut (a cut label can change
 * its meaning); two equal or empty labels cannot be told apart, so they go to numbered text.
 */
export function whatsappMenuOf(options: readonly AskOption[]): WhatsAppMenu {
  const labels = options.map((o) => o.label.trim());
  if (labels.length === 0 || labels.some((l) => l === '') || new Set(labels.map((l) => l.toLowerCase())).size !== labels.length) return 'numbered';
  if (labels.length <= BUTTONS.max && labels.every((l) => l.length <= BUTTONS.title)) return 'buttons';
  if (labels.length <= LIST.max && labels.every((l) => l.length <= LIST.title)) return 'list';
  return 'numbered';
}

/** `1. Code PUK` lines: the key is what the subscriber types back. */
export function numberedMenu(options: readonly AskOption[]): string {
  return options.map((o) => `${o.key}. ${o.label}`).join('\n');
}
