import type { ChannelCapabilities } from './channelCapabilities.ts';
import type { ReplyOption } from './replies.ts';

/** `spoken`: said in the prompt and answered by key or voice (a call); the others are shown. */
export type MenuPresentation = 'buttons' | 'list' | 'numbered' | 'spoken';

/**
 * How a menu is shown on a channel: spoken on a call; else reply buttons when every option fits
 * (count and title length), else a list, else numbered text. Labels are never shortened: a label that does not
 * fit a button or a row moves the whole menu to the next presentation, because a cut label can
 * change its meaning ("Parler à un conseiller" → "Parler à un conseil").
 */
export function planMenu(options: readonly ReplyOption[], capabilities: ChannelCapabilities): MenuPresentation {
  if (capabilities.spoken) return 'spoken';
  if (options.length === 0) return 'numbered';
  const labels = options.map((o) => o.label.trim());
  const distinct = new Set(labels.map((l) => l.toLowerCase())).size === labels.length;
  // Two identical titles cannot be told apart on screen (and WhatsApp refuses them).
  if (!distinct || labels.some((l) => l === '')) return 'numbered';
  const { buttons, list } = capabilities;
  if (buttons && options.length <= buttons.max && labels.every((l) => l.length <= buttons.titleMaxLength) && options.every((o) => o.id.length <= buttons.idMaxLength)) {
    return 'buttons';
  }
  if (list && options.length <= list.maxRows && labels.every((l) => l.length <= list.rowTitleMaxLength) && options.every((o) => o.id.length <= list.idMaxLength)) {
    return 'list';
  }
  return 'numbered';
}

/**
 * "1. Code PUK" lines: the key is what the subscriber types back. A label that already starts
 * with its own key ("5 - Très satisfait", a survey's scale written for buttons) is shown once
 * numbered ("5. Très satisfait"), not "5. 5 - Très satisfait".
 */
export function numberedMenu(options: readonly ReplyOption[]): string {
  return options.map((o) => `${o.key}. ${withoutOwnKey(o)}`).join('\n');
}

/** The label without a leading copy of its key and the separator after it ("5 - ", "5. ", "5) ", "5: "). */
function withoutOwnKey(option: ReplyOption): string {
  const label = option.label.trim();
  if (!label.startsWith(option.key)) return option.label;
  const rest = /^\s*[-.):\u2013\u2014]\s+(\S[\s\S]*)$/.exec(label.slice(option.key.length));
  // "1 000 FCFA", "1er forfait", "1.5 Go", "1-2 jours" under key 1: the number is part of the label, kept.
  return rest?.[1] ?? option.label;
}
