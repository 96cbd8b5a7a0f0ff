import type { JsonValue } from '@griot/flows';
import type { ChannelStates } from '@griot/connectors';
import type { ChannelStateStore } from '../store/types.ts';
import { maskMessageText } from '../sensitive/maskMessageText.ts';

const OUTBOX_PREFIX = 'webchat:outbox:';

/** What may hold words in a kept reply: a text, a menu's body and its options' labels. */
function maskedReply(reply: Record<string, unknown>): Record<string, unknown> {
  const masked = { ...reply };
  if (typeof masked.text === 'string') masked.text = maskMessageText(masked.text);
  if (typeof masked.body === 'string') masked.body = maskMessageText(masked.body);
  if (Array.isArray(masked.options)) {
    masked.options = masked.options.map((o: Record<string, unknown>) => (typeof o?.label === 'string' ? { ...o, label: maskMessageText(o.label) } : o));
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
export async function maskLegacyOutboxes(store: ChannelStateStore, states: ChannelStates, now: () => string): Promise<LegacyOutboxPass | null> {
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
    const entries = value.entries.map((entry) => {
      if (entry.v === 2) return entry;
      // `live`: its replies were already kept masked (the live part held them as sent).
      if (entry.live || !Array.isArray(entry.replies)) return { ...entry, v: 2 };
      return { ...entry, replies: entry.replies.map((r) => maskedReply(r as Record<string, unknown>)), v: 2 };
    });
    if (await states.put(key, { ...value, entries } as unknown as JsonValue, current.revision, expiresAt)) rewritten++;
  }
  // Outboxes, none an older version wrote (an earlier start's pass masked them all, and no older
  // instance still writes): the next starts skip the pass. A store with no outbox yet proves nothing.
  const finished = keys.length > 0 && !legacyFound;
  if (finished) await states.put(LEGACY_OUTBOXES_DONE, { at: now() }, 0, new Date(Date.parse(now()) + 3_650 * 86_400_000).toISOString());
  return { outboxes: keys.length, rewritten, finished };
}

export interface LegacyOutboxPass {
  /** Outboxes read. */
  outboxes: number;
  /** Of them, those an older version wrote, now masked. */
  rewritten: number;
  /** None an older version wrote was found: the mark is written, later starts skip the pass. */
  finished: boolean;
}
