import { CONTACTS_KEPT } from './callerChanges.ts';
import type { CallerLink, CallerProfile, RecalledCaller } from './types.ts';

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
 * Whether linking joins the platform profile to the number's: only for a number the platform
 * vouched for (the subscriber's own). A typed number is a claim anyone can make: the claimant's
 * memory stays under their platform id, and linking neither reads nor writes the number's profile.
 */
export const joinsProfiles = (kept: CallerLink): boolean => kept.verified;

/**
 * What a claimant (a typed number, an unverified link) starts a contact with: their own profile,
 * and of the claimed number's only its language where they chose none (so the bot greets them
 * in it). Nothing else of that number is theirs to read: no variables, channel, history, consent.
 */
export function withClaimedHints(own: RecalledCaller | null, claimed: RecalledCaller | null, ownKey: string): RecalledCaller | null {
  if (own?.preferredLocale || !claimed?.preferredLocale) return own;
  return { ...(own ?? { number: ownKey, variables: {}, createdAt: claimed.updatedAt, updatedAt: claimed.updatedAt }), preferredLocale: claimed.preferredLocale };
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
