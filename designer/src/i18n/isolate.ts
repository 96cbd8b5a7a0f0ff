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

const ISOLATE_INITIATORS = new Set(['\u2066', '\u2067', FIRST_STRONG_ISOLATE]);

/**
 * `text` able to sit inside an isolate without leaving it: each U+2069 that closes no isolate `text`
 * opened taken out (it would close the one around it, `<bdi>`'s included, and a U+202E after it
 * would turn the rest of the sentence around: « A\u2069\u202Efdp » in « Supprimer « … » ? »), each isolate
 * `text` leaves open closed at its end. Embeddings and overrides (U+202A…U+202E) need nothing: the
 * isolate's end closes them, and a U+202C cannot close it.
 */
export function contained(text: string): string {
  if (!/[\u2066-\u2069]/u.test(text)) return text;
  let open = 0;
  let kept = '';
  for (const char of text) {
    if (char === POP_DIRECTIONAL_ISOLATE) {
      if (open === 0) continue;
      open -= 1;
    } else if (ISOLATE_INITIATORS.has(char)) open += 1;
    kept += char;
  }
  return kept + POP_DIRECTIONAL_ISOLATE.repeat(open);
}

/** `text` isolated from what surrounds it when it could reorder it (`contained`: its own isolates cannot end it early); unchanged otherwise. */
export function isolate(text: string): string {
  return REORDERS.test(text) ? `${FIRST_STRONG_ISOLATE}${contained(text)}${POP_DIRECTIONAL_ISOLATE}` : text;
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
