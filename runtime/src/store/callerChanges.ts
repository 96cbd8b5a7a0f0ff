import type { CallerChanges, CallerProfile } from './types.ts';

/** Contacts kept in a profile: enough for the agent's history, small enough to load on every call. */
export const CONTACTS_KEPT = 20;

/**
 * The profile after `changes`, as every adapter must store it: a new profile when there was
 * none; a finished contact joins the history (the last CONTACTS_KEPT) and its channel becomes
 * the last one used; changed variables are merged into the remembered ones. `current` is not
 * modified.
 */
export function applyCallerChanges(current: CallerProfile | null, key: string, changes: CallerChanges, at: string): CallerProfile {
  const profile: CallerProfile = current ? { ...current, contacts: current.contacts, variables: current.variables } : { number: key, contacts: [], variables: {}, createdAt: at, updatedAt: at };
  if (changes.lastChannel !== undefined) profile.lastChannel = changes.lastChannel;
  if (changes.preferredLocale !== undefined) profile.preferredLocale = changes.preferredLocale;
  if (changes.variables) profile.variables = { ...profile.variables, ...changes.variables };
  if (changes.contact) {
    profile.lastChannel = changes.contact.channel;
    profile.contacts = [...profile.contacts, changes.contact].slice(-CONTACTS_KEPT);
  }
  profile.updatedAt = at;
  return profile;
}
