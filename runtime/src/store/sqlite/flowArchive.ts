import type Database from 'better-sqlite3';
import type { ArchiveFlowResult, FlowRecord } from '../types.ts';
import { toFlow, type FlowRow, type FlowTable } from './flowTable.ts';
import type { EnvironmentTable } from './environmentTable.ts';
import type { BindingTable } from './bindingTable.ts';

/**
 * Archiving, restoring and purging flows. The "nothing routes to it" check and the archive
 * mark are one transaction, so a flow cannot be archived while a binding or pointer appears.
 */
export function createFlowArchive(db: Database.Database, flows: FlowTable, environments: EnvironmentTable, bindings: BindingTable) {
  const markArchived = db.prepare<[string, string, string]>('UPDATE flows SET archived_at = ?, archived_by = ? WHERE id = ? AND archived_at IS NULL');
  const unmark = db.prepare<[string], FlowRow>('UPDATE flows SET archived_at = NULL, archived_by = NULL WHERE id = ? AND archived_at IS NOT NULL RETURNING *');
  const selectExpired = db.prepare<[string], FlowRow>('SELECT * FROM flows WHERE archived_at IS NOT NULL AND archived_at < ? ORDER BY archived_at, id');

  const archive = db.transaction((id: string, at: string, by: string): ArchiveFlowResult => {
    const flow = flows.get(id);
    if (!flow) return { ok: false, reason: 'notFound' };
    if (flow.archivedAt) return { ok: false, reason: 'archived', flow };
    const pointers = environments.list(id);
    const routing = bindings.ofFlow(id);
    if (pointers.length > 0 || routing.length > 0) return { ok: false, reason: 'live', environments: pointers, bindings: routing };
    markArchived.run(at, by, id);
    return { ok: true, flow: { ...flow, archivedAt: at, archivedBy: by } };
  });

  const purge = db.transaction((before: string): FlowRecord[] => {
    const expired = selectExpired.all(before).map(toFlow);
    for (const flow of expired) flows.remove(flow.id);
    return expired;
  });

  return {
    archive: (id: string, at: string, by: string) => archive.immediate(id, at, by),
    unarchive(id: string): FlowRecord | null {
      const row = unmark.get(id);
      return row ? toFlow(row) : null;
    },
    purge: (before: string) => purge.immediate(before),
  };
}

export type FlowArchive = ReturnType<typeof createFlowArchive>;
