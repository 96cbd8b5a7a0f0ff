import type { Environments, PreviewSource, User } from '../api/types.ts';
import { holdsRole } from '../app/roles.ts';

/** Why the staging system is not offered for this source, or null when it is. */
export type BackendPreviewRefusal = 'draft' | 'notInProduction' | null;

/**
 * The server's rule (runtime/src/flows/vetBackendPreview.ts): the staging system runs only content
 * a publisher vetted. Publishers and admins may run anything with it; anyone else only a version
 * production runs or ran before, whether chosen as production, staging or by its number.
 */
export function backendPreviewRefusal(user: User | null | undefined, source: PreviewSource, environments: Environments): BackendPreviewRefusal {
  if (holdsRole(user, 'publisher')) return null;
  if (source === 'draft') return 'draft';
  const version = typeof source === 'object' ? source.version : environments[source]?.version;
  const production = environments.production;
  const vetted = production ? [production.version, ...(production.history ?? [])] : [];
  return version !== undefined && vetted.includes(version) ? null : 'notInProduction';
}
