import type Database from 'better-sqlite3';
import type { Binding, EntryRecord, EntryTarget } from '../types.ts';

interface EntryRow {
  binding: string | null;
  flow_id: string;
  archived_at: string | null;
  staging: number | null;
  production: number | null;
  draft_hash: string | null;
  /** A JSON object: version number → hash. */
  hashes: string;
}

interface EntryParams {
  version: number | null;
  draft: 0 | 1;
}

/**
 * What a new contact's start reads, as one statement over the binding (or the flow asked for),
 * the flow's archive mark, its environment pointers, and the hashes of the versions it may run
 * (the pointers', the testers', the one asked for). Each part is a primary-key look-up; the
 * version documents are not read (they are cached by hash, `flowResolver.ts`).
 */
export function createEntryRead(db: Database.Database) {
  const select = <P extends EntryParams>(target: string) =>
    db.prepare<[P], EntryRow>(
      `WITH target AS (${target})
       SELECT t.binding, t.flow_id, f.archived_at, s.version AS staging, p.version AS production,
         CASE WHEN @draft THEN (SELECT hash FROM drafts WHERE flow_id = t.flow_id) END AS draft_hash,
         (SELECT json_group_object(v.number, v.hash) FROM versions v
           WHERE v.flow_id = t.flow_id AND v.number IN (
             SELECT s.version UNION SELECT p.version UNION SELECT @version
             UNION SELECT json_extract(tester.value, '$.version') FROM json_each(t.binding, '$.testers') AS tester)) AS hashes
       FROM target t
       LEFT JOIN flows f ON f.id = t.flow_id
       LEFT JOIN environments s ON s.flow_id = t.flow_id AND s.name = 'staging'
       LEFT JOIN environments p ON p.flow_id = t.flow_id AND p.name = 'production'`,
    );
  const byBinding = select<EntryParams & { binding_id: string }>('SELECT data AS binding, flow_id FROM bindings WHERE id = @binding_id');
  const byFlow = select<EntryParams & { flow_id: string }>('SELECT NULL AS binding, @flow_id AS flow_id');

  return (target: EntryTarget): EntryRecord | null => {
    const row =
      'bindingId' in target
        ? byBinding.get({ binding_id: target.bindingId, version: null, draft: 0 })
        : byFlow.get({ flow_id: target.flowId, version: target.version ?? null, draft: target.draft ? 1 : 0 });
    if (!row) return null;
    return {
      ...(row.binding !== null ? { binding: JSON.parse(row.binding) as Binding } : {}),
      flowId: row.flow_id,
      ...(row.archived_at !== null ? { archivedAt: row.archived_at } : {}),
      environments: {
        ...(row.staging !== null ? { staging: row.staging } : {}),
        ...(row.production !== null ? { production: row.production } : {}),
      },
      versionHashes: JSON.parse(row.hashes) as Record<number, string>,
      ...('bindingId' in target || !target.draft ? {} : { draftHash: row.draft_hash }),
    };
  };
}
