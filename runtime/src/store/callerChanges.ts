import { canonicalJson, type JsonValue } from '@griot/flows';
import type { CallerChanges, CallerProfile } from './types.ts';

/**
 * Contacts kept in a profile: enough for the agent's history. SQLite files them in a ring of this
 * many slots (migration 16 filed existing ones in 20): another value needs a migration refiling them.
 */
export const CONTACTS_KEPT = 20;

/** A profile without its contact history: what changes on every contact besides the history. */
export type CallerHead = Omit<CallerProfile, 'contacts'>;

/**
 * Whether `variables` (a stored profile's) still holds what a move's contact read under each name
 * (`CallerChanges.read`): true without a condition.
 */
export function moveHolds(variables: Readonly<Record<string, JsonValue>>, read: CallerChanges['read']): boolean {
  if (!read) return true;
  return Object.entries(read).every(([name, was]) =>
    was === null ? !Object.hasOwn(variables, name) : Object.hasOwn(variables, name) && canonicalJson(variables[name] as JsonValue) === canonicalJson(was.value),
  );
}

/**
 * The profile's head after `changes`, as every adapter must store it: a new profile when there
 * was none; a finished contact's channel becomes the last one used (the contact itself joins the
 * history, which keeps the last CONTACTS_KEPT, beside the head: appending one never rewrites the
 * others); changed variables are merged into the remembered ones, and the names to forget
 * dropped (with variables only); a move applied only while the profile holds what its contact
 * read (`CallerChanges.read`). `current` is not modified.
 */
export function applyCallerChanges(current: CallerHead | null, key: string, changes: CallerChanges, at: string): CallerHead {
  const head: CallerHead = current ? { ...current } : { number: key, variables: {}, createdAt: at, updatedAt: at };
  if (changes.lastChannel !== undefined) head.lastChannel = changes.lastChannel;
  if (changes.preferredLocale !== undefined) head.preferredLocale = changes.preferredLocale;
  if (changes.variables) {
    const moved = moveHolds(head.variables, changes.read);
    // A move that no longer holds sets nothing and forgets nothing; the turn's own values are set.
    const set = moved ? changes.variables : Object.fromEntries(Object.entries(changes.variables).filter(([name]) => !Object.hasOwn(changes.read ?? {}, name)));
    head.variables = { ...head.variables, ...set };
    if (moved) for (const name of changes.forget ?? []) if (!Object.hasOwn(changes.variables, name)) delete head.variables[name];
  }
  if (changes.contact) head.lastChannel = changes.contact.channel;
  head.updatedAt = at;
  return head;
}
