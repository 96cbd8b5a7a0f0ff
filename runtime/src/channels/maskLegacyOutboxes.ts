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

/**
 * Web chat outboxes written before the live part existed keep the replies as sent (a PUK code the
 * bot wrote, an agent's words) in their entries for 24 hours. Once at start-up, every entry not
 * marked `live` (whose kept replies were not already masked) has its codes masked as closed
 * contacts' messages are (`maskMessageText`: runs of 6 digits or more). Idempotent: what is
 * masked stays so, and an outbox with nothing to mask is not written. A write another request made
 * meanwhile wins (that outbox is left for the next start; it expires within 24 hours anyway).
 * Returns how many outboxes were rewritten.
 */
export async function maskLegacyOutboxes(store: ChannelStateStore, states: ChannelStates, now: () => string): Promise<number> {
  let rewritten = 0;
  for (const { key, expiresAt } of await store.listChannelStateKeys(OUTBOX_PREFIX, now())) {
    const current = await states.get(key);
    const value = current?.value as { entries?: Array<{ live?: true; replies?: unknown }> } | null | undefined;
    if (!current || !value || !Array.isArray(value.entries)) continue;
    let changed = false;
    const entries = value.entries.map((entry) => {
      if (entry.live || !Array.isArray(entry.replies)) return entry;
      const replies = entry.replies.map((r) => maskedReply(r as Record<string, unknown>));
      if (JSON.stringify(replies) === JSON.stringify(entry.replies)) return entry;
      changed = true;
      return { ...entry, replies };
    });
    if (changed && (await states.put(key, { ...value, entries } as unknown as JsonValue, current.revision, expiresAt))) rewritten++;
  }
  return rewritten;
}
