import { migrations } from './sqlite/migrations.ts';

/**
 * The schema of the data this Griot writes: its latest SQLite migration. A backup records it (both
 * stores write the same dump), so that a release that does not know it refuses to restore the
 * backup instead of dropping without a word what it does not know of (an older release restoring
 * a newer release's backup). A backup without it was written before 2026-12-07 (schema 34 or less).
 */
export const SCHEMA_VERSION = Math.max(...migrations.map((m) => m.version));

/** Why a backup recording `written` cannot be restored by this Griot (undefined: it can). */
export function schemaTooNewForThisGriot(written: unknown): string | undefined {
  if (written === undefined) return undefined;
  if (typeof written !== 'number' || !Number.isInteger(written) || written < 1) return `its schema version ${JSON.stringify(written)?.slice(0, 40)} is not a schema version`;
  if (written <= SCHEMA_VERSION) return undefined;
  return `it was written by a newer Griot (schema version ${written}; this one knows only up to ${SCHEMA_VERSION}) and would lose what this one does not know of: restore it with that release or a later one (docs/deploy.md, "Going back to the previous release")`;
}
