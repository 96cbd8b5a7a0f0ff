import type Database from 'better-sqlite3';
import type { Binding, EntryAndCaller, EntryRecord, EntryTarget } from '../types.ts';
import { RECALL_COLUMNS, recalledOf } from './callerTable.ts';

interface EntryRow {
  binding: string | null;
  /** Null only in a read with the caller whose binding is gone. */
  flow_id: string | null;
  archived_at: string | null;
  staging: number | null;
  staging_hash: string | null;
  production: number | null;
  production_hash: string | null;
  asked_hash: string | null;
  draft_hash: string | null;
  caller_data?: string | null;
  caller_last?: string | null;
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
  /**
   * With `withCaller`, the caller's recall (`callerTable.ts`) comes in the same row: a one-row
   * start joined to the entry (kept when the binding is gone) and to the caller's profile, so
   * a call's first hook takes one WAL read lock and one snapshot instead of two.
   */
  const select = <P extends EntryParams>(target: string, withCaller = false) =>
    db.prepare<[P], EntryRow>(
      `WITH target AS (${target})
       SELECT t.binding, t.flow_id, f.archived_at, s.version AS staging, sv.hash AS staging_hash, p.version AS production, pv.hash AS production_hash,
         av.hash AS asked_hash, CASE WHEN @draft THEN (SELECT hash FROM drafts WHERE flow_id = t.flow_id) END AS draft_hash${withCaller ? `, ${RECALL_COLUMNS}` : ''}
       FROM ${withCaller ? '(SELECT 1) one LEFT JOIN target t' : 'target t'}
       LEFT JOIN flows f ON f.id = t.flow_id
       LEFT JOIN environments s ON s.flow_id = t.flow_id AND s.name = 'staging'
       LEFT JOIN versions sv ON sv.flow_id = t.flow_id AND sv.number = s.version
       LEFT JOIN environments p ON p.flow_id = t.flow_id AND p.name = 'production'
       LEFT JOIN versions pv ON pv.flow_id = t.flow_id AND pv.number = p.version
       LEFT JOIN versions av ON av.flow_id = t.flow_id AND av.number = @version${withCaller ? '\n       LEFT JOIN callers c ON c.number = @caller' : ''}`,
    );
  const bindingTarget = 'SELECT data AS binding, flow_id FROM bindings WHERE id = @binding_id';
  const flowTarget = 'SELECT NULL AS binding, @flow_id AS flow_id';
  type ByBinding = EntryParams & { binding_id: string };
  type ByFlow = EntryParams & { flow_id: string };
  const byBinding = select<ByBinding>(bindingTarget);
  const byFlow = select<ByFlow>(flowTarget);
  const byBindingWithCaller = select<ByBinding & { caller: string }>(bindingTarget, true);
  const byFlowWithCaller = select<ByFlow & { caller: string }>(flowTarget, true);

  const flowParams = (target: { flowId: string; version?: number; draft?: boolean }) => ({
    flow_id: target.flowId,
    version: target.version ?? null,
    draft: target.draft ? (1 as const) : (0 as const),
  });
  const bindingParams = (bindingId: string) => ({ binding_id: bindingId, version: null, draft: 0 as const });

  const entryOf = (target: EntryTarget, row: EntryRow | undefined): EntryRecord | null => {
    if (!row || row.flow_id === null) return null;
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

  const read = (target: EntryTarget): EntryRecord | null => entryOf(target, 'bindingId' in target ? byBinding.get(bindingParams(target.bindingId)) : byFlow.get(flowParams(target)));
  /** The entry and the caller's recall under `callerKey`, in one statement. */
  const withCaller = (target: EntryTarget, caller: string): EntryAndCaller => {
    const row = 'bindingId' in target ? byBindingWithCaller.get({ ...bindingParams(target.bindingId), caller }) : byFlowWithCaller.get({ ...flowParams(target), caller });
    return { entry: entryOf(target, row), caller: recalledOf(row?.caller_data ?? null, row?.caller_last ?? null) };
  };
  return Object.assign(read, { withCaller });
}
