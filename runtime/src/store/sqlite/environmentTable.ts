import type Database from 'better-sqlite3';
import type { EnvironmentName, EnvironmentPointer, SetEnvironmentResult } from '../types.ts';

interface EnvironmentRow {
  flow_id: string;
  name: EnvironmentName;
  version: number;
  history: string;
  updated_at: string;
  updated_by: string;
  /** JSON array, null on rows written before versions were vetted. */
  vetted: string | null;
}

const toPointer = (r: EnvironmentRow): EnvironmentPointer => ({
  flowId: r.flow_id,
  name: r.name,
  version: r.version,
  history: JSON.parse(r.history) as number[],
  updatedAt: r.updated_at,
  updatedBy: r.updated_by,
  ...(r.vetted === null ? {} : { vetted: JSON.parse(r.vetted) as number[] }),
});

const toRow = (p: EnvironmentPointer): EnvironmentRow => ({
  flow_id: p.flowId,
  name: p.name,
  version: p.version,
  history: JSON.stringify(p.history),
  updated_at: p.updatedAt,
  updated_by: p.updatedBy,
  vetted: p.vetted ? JSON.stringify(p.vetted) : null,
});

/** Which version staging and production run, moved only by compare-and-set. */
export function createEnvironmentTable(db: Database.Database) {
  const insertIfUnset = db.prepare<[EnvironmentRow]>(
    `INSERT INTO environments (flow_id, name, version, history, updated_at, updated_by, vetted)
     VALUES (@flow_id, @name, @version, @history, @updated_at, @updated_by, @vetted) ON CONFLICT (flow_id, name) DO NOTHING`,
  );
  const updateIfAt = db.prepare<[EnvironmentRow & { expected: number }]>(
    `UPDATE environments SET version = @version, history = @history, updated_at = @updated_at, updated_by = @updated_by, vetted = @vetted
     WHERE flow_id = @flow_id AND name = @name AND version = @expected`,
  );
  const selectOfFlow = db.prepare<[string], EnvironmentRow>('SELECT * FROM environments WHERE flow_id = ? ORDER BY name');
  const selectOne = db.prepare<[string, string], EnvironmentRow>('SELECT * FROM environments WHERE flow_id = ? AND name = ?');
  const selectAll = db.prepare<[], EnvironmentRow>('SELECT * FROM environments ORDER BY flow_id, name');
  const deleteIfAt = db.prepare<[string, string, number]>('DELETE FROM environments WHERE flow_id = ? AND name = ? AND version = ?');
  const markLeftProduction = db.prepare<[string, string]>('UPDATE flows SET left_production_at = ? WHERE id = ?');
  // Clearing production and remembering that the flow ran there are one write.
  const clear = db.transaction((flowId: string, name: EnvironmentName, expected: number, at: string): boolean => {
    if (deleteIfAt.run(flowId, name, expected).changes !== 1) return false;
    if (name === 'production') markLeftProduction.run(at, flowId);
    return true;
  });

  function get(flowId: string, name: EnvironmentName): EnvironmentPointer | null {
    const row = selectOne.get(flowId, name);
    return row ? toPointer(row) : null;
  }

  return {
    list: (flowId: string): EnvironmentPointer[] => selectOfFlow.all(flowId).map(toPointer),
    get,
    set(flowId: string, name: EnvironmentName, expected: number | null, pointer: EnvironmentPointer): SetEnvironmentResult {
      // The key comes from the arguments, so a pointer cannot land on another flow's row.
      const stored: EnvironmentPointer = { ...pointer, flowId, name };
      const row = toRow(stored);
      const written = expected === null ? insertIfUnset.run(row) : updateIfAt.run({ ...row, expected });
      return written.changes === 1 ? { ok: true, pointer: stored } : { ok: false, reason: 'conflict', current: get(flowId, name) };
    },
    clear: (flowId: string, name: EnvironmentName, expected: number, at: string): boolean => clear.immediate(flowId, name, expected, at),
    all: (): EnvironmentPointer[] => selectAll.all().map(toPointer),
    restore(pointer: EnvironmentPointer): void {
      insertIfUnset.run(toRow(pointer));
    },
  };
}

export type EnvironmentTable = ReturnType<typeof createEnvironmentTable>;
