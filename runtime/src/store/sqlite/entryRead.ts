import type Database from 'better-sqlite3';
import type { Binding, EntryRecord, EntryTarget } from '../types.ts';

interface EntryRow {
  binding: string | null;
  flow_id: string;
  archived_at: string | null;
  staging: number | null;
  staging_hash: string | null;
  production: number | null;
  production_hash: string | null;
  asked_hash: string | null;
  draft_hash: string | null;
}

interface EntryParams {
  version: number | null;
  draft: 0 | 1;
}

/**
 * What a new contact's start reads, as one statement over the binding (or the flow asked for),
 * the flow's archive mark, its environment pointers and the hashes of their versions (and of the
 * version asked for): primary-key look-ups only. The version documents are not read (they are
 * cached by hash, `flowResolver.ts`).
 */
export function createEntryRead(db: Database.Database) {
  const select = <P extends EntryParams>(target: string) =>
    db.prepare<[P], EntryRow>(
      `WITH target AS (${target})
       SELECT t.binding, t.flow_id, f.archived_at, s.version AS staging, sv.hash AS staging_hash, p.version AS production, pv.hash AS production_hash,
         av.hash AS asked_hash, CASE WHEN @draft THEN (SELECT hash FROM drafts WHERE flow_id = t.flow_id) END AS draft_hash
       FROM target t
       LEFT JOIN flows f ON f.id = t.flow_id
       LEFT JOIN environments s ON s.flow_id = t.flow_id AND s.name = 'staging'
       LEFT JOIN versions sv ON sv.flow_id = t.flow_id AND sv.number = s.version
       LEFT JOIN environments p ON p.flow_id = t.flow_id AND p.name = 'production'
       LEFT JOIN versions pv ON pv.flow_id = t.flow_id AND pv.number = p.version
       LEFT JOIN versions av ON av.flow_id = t.flow_id AND av.number = @version`,
    );
  const byBinding = select<EntryParams & { binding_id: string }>('SELECT data AS binding, flow_id FROM bindings WHERE id = @binding_id');
  const byFlow = select<EntryParams & { flow_id: string }>('SELECT NULL AS binding, @flow_id AS flow_id');

  return (target: EntryTarget): EntryRecord | null => {
    const row =
      'bindingId' in target
        ? byBinding.get({ binding_id: target.bindingId, version: null, draft: 0 })
        : byFlow.get({ flow_id: target.flowId, version: target.version ?? null, draft: target.draft ? 1 : 0 });
    if (!row) return null;
    const environments: EntryRecord['environments'] = {};
    const versionHashes: Record<number, string> = {};
    if (row.staging !== null) {
      environments.staging = row.staging;
      if (row.staging_hash !== null) versionHashes[row.staging] = row.staging_hash;
    }
    if (row.production !== null) {
      environments.production = row.production;
      if (row.production_hash !== null) versionHashes[row.production] = row.production_hash;
    }
    if (row.asked_hash !== null && !('bindingId' in target) && target.version !== undefined) versionHashes[target.version] = row.asked_hash;
    return {
      ...(row.binding !== null ? { binding: JSON.parse(row.binding) as Binding } : {}),
      flowId: row.flow_id,
      ...(row.archived_at !== null ? { archivedAt: row.archived_at } : {}),
      environments,
      versionHashes,
      ...('bindingId' in target || !target.draft ? {} : { draftHash: row.draft_hash }),
    };
  };
}
