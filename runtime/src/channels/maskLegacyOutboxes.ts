import type { JsonValue } from '@griot/flows';
import type { ChannelStates } from '@griot/connectors';
import type { ChannelStateStore } from '../store/types.ts';
import { MASK } from '@griot/flows';
import { CURRENCY, MONEY_WORDS, maskMessageText } from '../sensitive/maskMessageText.ts';

const OUTBOX_PREFIX = 'webchat:outbox:';

/** A number as an amount is written: `23 517`, `23.517`, `1,500.50`, `500`, `12,5`. */
const NUMBER = String.raw`\d{1,3}(?:[ .,\u00a0\u202f]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?`;
const AMOUNT_BEFORE_CURRENCY = new RegExp(String.raw`(?<![\p{L}\d])(${NUMBER})(\s?)(?=(?:${CURRENCY})(?![\p{L}]))`, 'giu');
const AMOUNT_AFTER_CURRENCY = new RegExp(String.raw`((?<![\p{L}])(?:${CURRENCY})\s?)(${NUMBER})(?![\d])`, 'giu');
const AMOUNT_AFTER_WORD = new RegExp(String.raw`((?<![\p{L}])(?:${MONEY_WORDS})(?![\p{L}])[^\d.!?\n,;]{0,25})(${NUMBER})(?!\d)`, 'giu');

/**
 * Amounts in a legacy entry: a number next to a currency (`23 517 FCFA`, `XOF 500`, `12 €`), or
 * after a word a balance or an amount follows (« solde », « crédit », « montant », "balance",
 * "amount", "sent"…, within the same sentence), becomes `•••`, the currency kept: a balance under
 * a million, which the codes' rule (6 digits or more) leaves, whether the flow showed it (its
 * session's values may be gone) or an agent typed it (never a session value). More than needed
 * rather than less: these entries go within 24 hours, and a page that comes back reads
 * « Votre solde est de ••• FCFA ».
 */
export function maskAmounts(text: string): string {
  return text
    .replace(AMOUNT_AFTER_WORD, (_all, before: string) => `${before}${MASK}`)
    .replace(AMOUNT_BEFORE_CURRENCY, (_all, _amount: string, space: string) => `${MASK}${space}`)
    .replace(AMOUNT_AFTER_CURRENCY, (_all, currency: string) => `${currency}${MASK}`);
}

/** A legacy entry's text as kept: the session's sensitive values when still known (its contact lives), every code (`maskMessageText`), every amount. */
function maskedText(text: string, values: readonly string[]): string {
  return maskAmounts(maskMessageText(text, values));
}

/** What may hold words in a kept reply: a text, a menu's body and its options' labels. */
function maskedReply(reply: Record<string, unknown>, values: readonly string[]): Record<string, unknown> {
  const masked = { ...reply };
  if (typeof masked.text === 'string') masked.text = maskedText(masked.text, values);
  if (typeof masked.body === 'string') masked.body = maskedText(masked.body, values);
  if (Array.isArray(masked.options)) {
    masked.options = masked.options.map((o: Record<string, unknown>) => (typeof o?.label === 'string' ? { ...o, label: maskedText(o.label, values) } : o));
  }
  return masked;
}

/** Written once a start found no entry an older version wrote: later starts read no outbox. */
export const LEGACY_OUTBOXES_DONE = 'webchat:legacyOutboxesMasked';

/**
 * Web chat outboxes written before the live part existed keep the replies as sent (a PUK code the
 * bot wrote, an agent's words) in their entries for 24 hours. At start-up, every entry an older
 * version wrote (not marked `v: 2`, as this version writes them) has its codes masked as closed
 * contacts' messages are (`maskMessageText`: runs of 6 digits or more), and is marked: an entry
 * this version wrote (a phone or order number in a normal prompt) is never rewritten, and a legacy
 * one is masked once. A start that finds outboxes and no legacy entry in them (the one after the
 * pass that masked them, typically) writes `LEGACY_OUTBOXES_DONE` (in the store, shared by every
 * instance): the starts after it read no outbox. A write another request
 * made meanwhile wins (that outbox is left for the next start; it expires within 24 hours anyway).
 * Returns what the pass did (outboxes read, rewritten, whether it is done for good), null when an
 * earlier start had finished it.
 */
export async function maskLegacyOutboxes(store: ChannelStateStore, states: ChannelStates, now: () => string, valuesOf: SensitiveValuesOf = async () => []): Promise<LegacyOutboxPass | null> {
  if (await states.get(LEGACY_OUTBOXES_DONE)) return null;
  let rewritten = 0;
  let legacyFound = false;
  const keys = await store.listChannelStateKeys(OUTBOX_PREFIX, now());
  for (const { key, expiresAt } of keys) {
    const current = await states.get(key);
    const value = current?.value as { entries?: Array<{ live?: true; v?: number; replies?: unknown }> } | null | undefined;
    if (!current || !value || !Array.isArray(value.entries)) continue;
    if (value.entries.every((entry) => entry.v === 2)) continue;
    legacyFound = true;
    const values = await valuesOf(`webchat:${key.slice(OUTBOX_PREFIX.length)}`).catch((): string[] => []);
    const entries = value.entries.map((entry) => {
      if (entry.v === 2) return entry;
      // `live`: its replies were already kept masked (the live part held them as sent).
      if (entry.live || !Array.isArray(entry.replies)) return { ...entry, v: 2 };
      return { ...entry, replies: entry.replies.map((r) => maskedReply(r as Record<string, unknown>, values)), v: 2 };
    });
    if (await states.put(key, { ...value, entries } as unknown as JsonValue, current.revision, expiresAt)) rewritten++;
  }
  // Outboxes, none an older version wrote (an earlier start's pass masked them all, and no older
  // instance still writes): the next starts skip the pass. A store with no outbox yet proves nothing.
  const finished = keys.length > 0 && !legacyFound;
  if (finished) await states.put(LEGACY_OUTBOXES_DONE, { at: now() }, 0, new Date(Date.parse(now()) + 3_650 * 86_400_000).toISOString());
  return { outboxes: keys.length, rewritten, finished };
}

/**
 * The sensitive values of a conversation's session (`webchat:<binding>:<conversation>`) while its
 * contact lives (opened with the data key); [] when it has none or they are gone with the contact.
 */
export type SensitiveValuesOf = (sessionKey: string) => Promise<string[]>;

export interface LegacyOutboxPass {
  /** Outboxes read. */
  outboxes: number;
  /** Of them, those an older version wrote, now masked. */
  rewritten: number;
  /** None an older version wrote was found: the mark is written, later starts skip the pass. */
  finished: boolean;
}
