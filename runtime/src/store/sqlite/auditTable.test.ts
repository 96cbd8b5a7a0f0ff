import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditFilter } from '../types.ts';
import { openDatabase } from './openDatabase.ts';
import { createAuditTable } from './auditTable.ts';

/** The audit table over `db`, with every statement it prepares noted (its SQL, to ask the planner about). */
function auditTableNoting(db: Database.Database) {
  const prepared: string[] = [];
  const noting = new Proxy(db, {
    get(target, name) {
      if (name === 'prepare') return (sql: string) => (prepared.push(sql), target.prepare(sql));
      const value = Reflect.get(target, name, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { table: createAuditTable(noting), prepared };
}

describe('SQLite audit log', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('serves the screen’s filters by user, by action and by target from an index, newest first without a sort', () => {
    const dir = mkdtempSync(join(tmpdir(), 'griot-audit-'));
    dirs.push(dir);
    const db = openDatabase(join(dir, 'griot.db'));
    try {
      const { table, prepared } = auditTableNoting(db);
      for (let i = 0; i < 30; i += 1)
        table.append({ id: `e${i}`, at: `2026-03-02T10:${String(i).padStart(2, '0')}:00.000Z`, actor: i % 3 ? 'awa' : 'kofi', action: i % 2 ? 'draft.save' : 'flow.publish', target: `flow:${i % 4}` });
      db.exec('ANALYZE');
      const filters: Array<Omit<AuditFilter, 'limit'>> = [
        { actor: 'kofi' },
        { action: 'flow.publish' },
        { actor: 'kofi', from: '2026-03-02T10:05:00.000Z', to: '2026-03-02T10:20:00.000Z' },
        { action: 'flow.publish', before: 'e20' },
        { target: 'flow:1' },
      ];
      for (const filter of filters) {
        const before = prepared.length;
        const entries = table.list({ ...filter, limit: 5 });
        expect(entries.length).toBeGreaterThan(0);
        if (filter.actor) expect(entries.every((e) => e.actor === filter.actor)).toBe(true);
        if (filter.action) expect(entries.every((e) => e.action === filter.action)).toBe(true);
        expect(entries.map((e) => e.at)).toEqual(
          entries
            .map((e) => e.at)
            .sort()
            .reverse(),
        );
        const sql = prepared.slice(before).find((s) => s.startsWith('SELECT data FROM audit WHERE'))!;
        const plan = db
          .prepare<unknown[], { detail: string }>(`EXPLAIN QUERY PLAN ${sql}`)
          .all(...Array.from({ length: (sql.match(/\?/g) ?? []).length }, () => 'x'))
          .map((row) => row.detail);
        // An index search, never a scan of the log nor a sort of what it found.
        expect(plan.join('\n'), JSON.stringify(filter)).toMatch(/SEARCH audit USING INDEX audit_(actor|action|target)_at/);
        expect(plan.join('\n')).not.toMatch(/SCAN audit|TEMP B-TREE/);
      }
    } finally {
      db.close();
    }
  });
});
