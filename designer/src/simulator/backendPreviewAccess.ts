import type { Environments, PreviewSource, User } from '../api/types.ts';
import { holdsRole } from '../app/roles.ts';

/** Why the staging system is not offered for this source, or null when it is. */
export type BackendPreviewRefusal = 'draft' | 'notVetted' | null;

/**
 * The versions a publisher vetted (runtime/src/flows/vettedVersions.ts): the one production runs
 * and those it ran before, and those a publisher or admin put in staging (the pointer's `vetted`).
 */
export function vettedVersions(environments: Environments): Set<number> {
  const { production, staging } = environments;
  return new Set([...(production ? [production.version, ...(production.history ?? [])] : []), ...(staging?.vetted ?? [])]);
}

/**
 * The server's rule (runtime/src/flows/vetBackendPreview.ts): the staging system runs only content
 * a publisher vetted. Publishers and admins may run anything with it; anyone else only a vetted
 * version, whether chosen as production, staging or by its number.
 */
export function backendPreviewRefusal(user: User | null | undefined, source: PreviewSource, environments: Environments): BackendPreviewRefusal {
  if (holdsRole(user, 'publisher')) return null;
  if (source === 'draft') return 'draft';
  const version = typeof source === 'object' ? source.version : environments[source]?.version;
  return version !== undefined && vettedVersions(environments).has(version) ? null : 'notVetted';
}

/**
 * The server's staging rule (runtime/src/flows/promoteVersion.ts): an editor puts a version with
 * look-ups (`lookups`, the ids of its `http` nodes) in staging only once a publisher vetted it;
 * publishers and admins put any. Null when allowed, or while the version's look-ups are unknown
 * (the server decides).
 */
export function stagingPromotionRefusal(user: User | null | undefined, version: number, lookups: readonly string[] | undefined, environments: Environments): 'needsPublisher' | null {
  if (holdsRole(user, 'publisher') || lookups === undefined || lookups.length === 0) return null;
  return vettedVersions(environments).has(version) ? null : 'needsPublisher';
}
