import type Database from 'better-sqlite3';
import type { Channel } from '@griot/flows';
import type { Binding, TesterRoute } from '../types.ts';
import { conflict } from '../../errors.ts';
import { isUniqueViolation } from './isUniqueViolation.ts';

interface BindingRow {
  id: string;
  channel: Channel;
  address: string;
  flow_id: string;
  data: string;
}

const toBinding = (r: { data: string }) => JSON.parse(r.data) as Binding;

/** Entry points; a channel address answers for one binding only (unique channel + address). */
export function createBindingTable(db: Database.Database) {
  const upsert = db.prepare<[BindingRow]>(
    `INSERT INTO bindings (id, channel, address, flow_id, data) VALUES (@id, @channel, @address, @flow_id, @data)
     ON CONFLICT (id) DO UPDATE SET channel = excluded.channel, address = excluded.address, flow_id = excluded.flow_id, data = excluded.data`,
  );
  const selectAll = db.prepare<[], { data: string }>('SELECT data FROM bindings ORDER BY channel, address');
  const selectById = db.prepare<[string], { data: string }>('SELECT data FROM bindings WHERE id = ?');
  const selectByAddress = db.prepare<[string, string], { data: string }>('SELECT data FROM bindings WHERE channel = ? AND address = ?');
  const selectOfFlow = db.prepare<[string], { data: string }>('SELECT data FROM bindings WHERE flow_id = ? ORDER BY channel, address');
  const deleteById = db.prepare<[string]>('DELETE FROM bindings WHERE id = ?');
  const updateData = db.prepare<[string, string]>('UPDATE bindings SET data = ? WHERE id = ?');
  /**
   * Read, change and write the binding's testers in one IMMEDIATE transaction: another process on
   * the same file waits for the write lock before reading, so it never writes over this change.
   */
  const changeTesters = (id: string, at: string, change: (testers: TesterRoute[]) => TesterRoute[] | null): Binding | null =>
    db
      .transaction((): Binding | null => {
        const row = selectById.get(id);
        if (!row) return null;
        const before = toBinding(row);
        const testers = change(before.testers);
        if (!testers) return null;
        const after: Binding = { ...before, testers, updatedAt: at };
        updateData.run(JSON.stringify(after), id);
        return after;
      })
      .immediate();

  return {
    list: (): Binding[] => selectAll.all().map(toBinding),
    ofFlow: (flowId: string): Binding[] => selectOfFlow.all(flowId).map(toBinding),
    get(id: string): Binding | null {
      const row = selectById.get(id);
      return row ? toBinding(row) : null;
    },
    find(channel: Channel, address: string): Binding | null {
      const row = selectByAddress.get(channel, address);
      return row ? toBinding(row) : null;
    },
    put(binding: Binding): void {
      try {
        upsert.run({ id: binding.id, channel: binding.channel, address: binding.address, flow_id: binding.flowId, data: JSON.stringify(binding) });
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        throw conflict('address_taken', `${binding.channel} ${binding.address} is already bound`, { field: 'address', cause: error, params: { channel: binding.channel, address: binding.address } });
      }
    },
    remove: (id: string): boolean => deleteById.run(id).changes > 0,
    addTester: (id: string, tester: TesterRoute, at: string): Binding | null => changeTesters(id, at, (testers) => (testers.some((t) => t.number === tester.number) ? null : [...testers, tester])),
    removeTester: (id: string, number: string, addedBy: string, at: string): Binding | null =>
      changeTesters(id, at, (testers) => {
        const kept = testers.filter((t) => !(t.number === number && t.addedBy === addedBy));
        return kept.length === testers.length ? null : kept;
      }),
    confirmTester: (id: string, number: string, addedBy: string, confirmedBy: string, at: string): Binding | null =>
      changeTesters(id, at, (testers) => {
        const pending = (t: TesterRoute) => t.number === number && t.addedBy === addedBy && t.confirmedAt === undefined;
        return testers.some(pending) ? testers.map((t) => (pending(t) ? { ...t, confirmedBy, confirmedAt: at } : t)) : null;
      }),
  };
}

export type BindingTable = ReturnType<typeof createBindingTable>;
