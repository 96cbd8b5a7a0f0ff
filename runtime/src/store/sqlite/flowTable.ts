import type Database from 'better-sqlite3';
import type { Flow } from '@griot/flows';
import type { Draft, FlowImportProvenance, FlowRecord, SaveDraftResult } from '../types.ts';

export interface FlowRow {
  id: string;
  name: string;
  created_at: string;
  created_by: string;
  updated_at: string;
  archived_at: string | null;
  archived_by: string | null;
  left_production_at: string | null;
  /** JSON: FlowImportProvenance. */
  imported_from: string | null;
}

interface DraftRow {
  flow_id: string;
  revision: number;
  document: string;
  hash: string;
  updated_at: string;
  updated_by: string;
}

export const toFlow = (r: FlowRow): FlowRecord => ({
  id: r.id,
  name: r.name,
  createdAt: r.created_at,
  createdBy: r.created_by,
  updatedAt: r.updated_at,
  ...(r.archived_at !== null ? { archivedAt: r.archived_at } : {}),
  ...(r.archived_by !== null ? { archivedBy: r.archived_by } : {}),
  ...(r.left_production_at !== null ? { leftProductionAt: r.left_production_at } : {}),
  ...(r.imported_from !== null ? { importedFrom: JSON.parse(r.imported_from) as FlowImportProvenance } : {}),
});

const flowParams = (f: FlowRecord): FlowRow => ({
  id: f.id,
  name: f.name,
  created_at: f.createdAt,
  created_by: f.createdBy,
  updated_at: f.updatedAt,
  archived_at: f.archivedAt ?? null,
  archived_by: f.archivedBy ?? null,
  left_production_at: f.leftProductionAt ?? null,
  imported_from: f.importedFrom ? JSON.stringify(f.importedFrom) : null,
});

const toDraft = (r: DraftRow): Draft => ({
  flowId: r.flow_id,
  revision: r.revision,
  document: JSON.parse(r.document) as Flow,
  hash: r.hash,
  updatedAt: r.updated_at,
  updatedBy: r.updated_by,
});

const draftParams = (d: Draft) => ({
  flow_id: d.flowId,
  revision: d.revision,
  document: JSON.stringify(d.document),
  hash: d.hash,
  updated_at: d.updatedAt,
  updated_by: d.updatedBy,
});

/** Flows and their drafts; deleting a flow also removes everything that hangs off it. */
export function createFlowTable(db: Database.Database) {
  const insertFlow = db.prepare<[FlowRow]>(
    `INSERT INTO flows (id, name, created_at, created_by, updated_at, archived_at, archived_by, left_production_at, imported_from)
     VALUES (@id, @name, @created_at, @created_by, @updated_at, @archived_at, @archived_by, @left_production_at, @imported_from)
     ON CONFLICT (id) DO NOTHING`,
  );
  const putDraftRow = db.prepare<[DraftRow]>(
    `INSERT OR REPLACE INTO drafts (flow_id, revision, document, hash, updated_at, updated_by)
     VALUES (@flow_id, @revision, @document, @hash, @updated_at, @updated_by)`,
  );
  const selectFlows = db.prepare<[], FlowRow>('SELECT * FROM flows ORDER BY id');
  const selectFlow = db.prepare<[string], FlowRow>('SELECT * FROM flows WHERE id = ?');
  const selectDrafts = db.prepare<[], DraftRow>('SELECT * FROM drafts ORDER BY flow_id');
  const selectDraft = db.prepare<[string], DraftRow>('SELECT * FROM drafts WHERE flow_id = ?');
  const selectDraftHash = db.prepare<[string], string>('SELECT hash FROM drafts WHERE flow_id = ?').pluck();
  // The revision check and the write are one statement: two saves on one revision cannot both pass.
  const updateDraft = db.prepare<[string, string, string, string, string, number], DraftRow>(
    `UPDATE drafts SET revision = revision + 1, document = ?, hash = ?, updated_at = ?, updated_by = ?
     WHERE flow_id = ? AND revision = ? RETURNING *`,
  );
  const renameFlow = db.prepare<[string, string, string]>('UPDATE flows SET name = ?, updated_at = ? WHERE id = ?');
  const cascade = ['flows WHERE id', 'drafts WHERE flow_id', 'versions WHERE flow_id', 'environments WHERE flow_id', 'bindings WHERE flow_id', 'audio WHERE flow_id', 'audio_frozen WHERE flow_id'].map(
    (t) => db.prepare<[string]>(`DELETE FROM ${t} = ?`),
  );

  const create = db.transaction((flow: FlowRecord, draft: Draft): boolean => {
    const created = insertFlow.run(flowParams(flow));
    if (created.changes === 0) return false;
    putDraftRow.run(draftParams(draft));
    return true;
  });

  const save = db.transaction((flowId: string, expected: number, document: Flow, hash: string, by: string, at: string): SaveDraftResult => {
    const row = updateDraft.get(JSON.stringify(document), hash, at, by, flowId, expected);
    if (row) {
      renameFlow.run(document.name, at, flowId);
      return { ok: true, draft: toDraft(row) };
    }
    const current = selectDraft.get(flowId);
    return current ? { ok: false, reason: 'conflict', current: toDraft(current) } : { ok: false, reason: 'notFound' };
  });

  const remove = db.transaction((id: string): boolean => {
    const [flows, ...dependants] = cascade;
    const removed = flows!.run(id).changes > 0;
    for (const statement of dependants) statement.run(id);
    return removed;
  });

  return {
    create,
    list: (): FlowRecord[] => selectFlows.all().map(toFlow),
    get: (id: string): FlowRecord | null => {
      const row = selectFlow.get(id);
      return row ? toFlow(row) : null;
    },
    remove,
    getDraft: (flowId: string): Draft | null => {
      const row = selectDraft.get(flowId);
      return row ? toDraft(row) : null;
    },
    getDraftHash: (flowId: string): string | null => selectDraftHash.get(flowId) ?? null,
    save,
    allDrafts: (): Draft[] => selectDrafts.all().map(toDraft),
    /** Restore: writes records as they are. */
    restoreFlow: (flow: FlowRecord): void => {
      insertFlow.run(flowParams(flow));
    },
    restoreDraft: (draft: Draft): void => {
      putDraftRow.run(draftParams(draft));
    },
  };
}

export type FlowTable = ReturnType<typeof createFlowTable>;
