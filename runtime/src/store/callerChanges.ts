import type { CallerChanges, CallerProfile } from './types.ts';

/**
 * Contacts kept in a profile: enough for the agent's history. SQLite files them in a ring of this
 * many slots (migration 16 filed existing ones in 20): another value needs a migration refiling them.
 */
export const CONTACTS_KEPT = 20;

/** A profile without its contact history: what changes on every contact besides the history. */
export type CallerHead = Omit<CallerProfile, 'contacts'>;

/**
 * The profile's head after `changes`, as every adapter must store it: a new profile when there
 * was none; a finished contact's channel becomes the last one used (the contact itself joins the
 * history, which keeps the last CONTACTS_KEPT, beside the head: appending one never rewrites the
 * others); changed variables are merged into the remembered ones, and the names to forget
 * dropped (with variables only). `current` is not modified.
 */
export function applyCallerChanges(current: CallerHead | null, key: string, changes: CallerChanges, at: string): CallerHead {
  const head: CallerHead = current ? { ...current } : { number: key, variables: {}, createdAt: at, updatedAt: at };
  if (changes.lastChannel !== undefined) head.lastChannel = changes.lastChannel;
  if (changes.preferredLocale !== undefined) head.preferredLocale = changes.preferredLocale;
  if (changes.variables) {
    head.variables = { ...head.variables, ...changes.variables };
    for (const name of changes.forget ?? []) if (!Object.hasOwn(changes.variables, name)) delete head.variables[name];
  }
  if (changes.contact) head.lastChannel = changes.contact.channel;
  head.updatedAt = at;
  return head;
}
