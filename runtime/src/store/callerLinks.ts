import { CONTACTS_KEPT } from './callerChanges.ts';
import type { CallerLink, CallerProfile } from './types.ts';

/**
 * The link to keep when `next` is asked for: a link vouched for by the platform is never
 * replaced by a typed one to another number (typing a number proves nothing); otherwise the
 * newer wins, keeping `verified` once the same number was verified.
 */
export function linkToKeep(existing: CallerLink | null, next: CallerLink): CallerLink {
  if (!existing) return next;
  if (existing.verified && !next.verified) return existing;
  if (existing.number === next.number && existing.verified) return existing;
  return next;
}

/**
 * The number's profile once the platform profile joins it (both may be absent: null). What the
 * subscriber did last wins where the two disagree (their language, their last channel, their
 * remembered variables); contact histories are merged in time order (the last `CONTACTS_KEPT`).
 */
export function mergeLinkedProfiles(platform: CallerProfile | null, number: CallerProfile | null, numberKey: string, at: string): CallerProfile | null {
  if (!platform) return number;
  const base: CallerProfile = number ?? { number: numberKey, contacts: [], variables: {}, createdAt: platform.createdAt, updatedAt: platform.updatedAt };
  const [older, newer] = platform.updatedAt > base.updatedAt ? [base, platform] : [platform, base];
  const merged: CallerProfile = {
    number: numberKey,
    contacts: [...base.contacts, ...platform.contacts].sort((a, b) => a.at.localeCompare(b.at)).slice(-CONTACTS_KEPT),
    variables: { ...older.variables, ...newer.variables },
    createdAt: base.createdAt < platform.createdAt ? base.createdAt : platform.createdAt,
    updatedAt: at,
  };
  const preferredLocale = newer.preferredLocale ?? older.preferredLocale;
  if (preferredLocale !== undefined) merged.preferredLocale = preferredLocale;
  const lastChannel = newer.lastChannel ?? older.lastChannel;
  if (lastChannel !== undefined) merged.lastChannel = lastChannel;
  const consent = newer.consent ?? older.consent;
  if (consent !== undefined) merged.consent = consent;
  return merged;
}
