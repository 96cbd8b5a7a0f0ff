import type { FormatterModule } from 'i18next';

/**
 * A name someone typed (a flow's, a folder's, a queue's, a user's, a token's, a canned reply's
 * title) or a channel gave (a WhatsApp profile name, a Telegram first name) can hold right-to-left
 * letters or a direction control (U+202E…) saved before Griot refused them or received from a
 * platform: set inside a French sentence it would reorder the words around it (« Supprimer « X » ? »
 * read backwards). Isolated (FSI … PDI, what `<bdi>` does for an element), it is shown as written
 * and the sentence around it stays in its order.
 */
const FIRST_STRONG_ISOLATE = '\u2068';
const POP_DIRECTIONAL_ISOLATE = '\u2069';

/**
 * What can move the text around a value: a right-to-left letter (Hebrew, Arabic, Syriac, Thaana,
 * N'Ko… and their presentation forms) or a direction control. A value without any is left as it is
 * (shown the same either way).
 */
const REORDERS = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\u{10800}-\u{10FFF}\u{1E800}-\u{1EFFF}]/u;

/** `text` isolated from what surrounds it when it could reorder it; unchanged otherwise. */
export function isolate(text: string): string {
  return REORDERS.test(text) ? `${FIRST_STRONG_ISOLATE}${text}${POP_DIRECTIONAL_ISOLATE}` : text;
}

/**
 * i18next's formatter: every value put in a sentence (`%{name}`) is isolated. A t() whose text is
 * stored rather than read (the default name of a copy, « X (copie) ») passes `asWritten: true`: the
 * server refuses isolates in names, and a copy's name is the original's as written.
 */
export const isolatingFormatter: FormatterModule = {
  type: 'formatter',
  init() {},
  // No named formats (`%{n, number}`): the dictionaries use none.
  add() {},
  addCached() {},
  format(value, format, _lng, options) {
    if (format || typeof value !== 'string' || options?.asWritten === true) return value;
    return isolate(value);
  },
};
