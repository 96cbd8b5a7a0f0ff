import type { Flow } from '../schema/flow.ts';
import type { FlowNode } from '../schema/node.ts';
import { contentHash } from './canonical.ts';

/**
 * The lists whose rows had no identity before they were given an optional `id`: the flow's test
 * cases, an intent node's slots, a look-up's answer mappings. The prefix of the ids `withRowIds`
 * gives the rows of an older document (`t3fa09c21`, `s…`, `m…`); new rows get a random one from the
 * editor (`newRowId`), so two editors adding a row each never pick the same.
 */
export const ROW_ID_PREFIX = { tests: 't', slots: 's', responseMapping: 'm' } as const;

type Row = { id?: string | undefined };

/**
 * `rows` with an id on each row that has none, or the id of a row before it (a hand-written or
 * hostile document with two rows `t1`: only the first keeps it): the prefix and the first hex
 * digits of the row's content hash (`t3fa09c21`; `-2`, `-3`… after a row with the same content),
 * skipping ids the list already holds. The same list when every row has an id of its own.
 * Deterministic, and given by content rather than by place: two editors opening the same stored
 * draft give its rows the same ids, and so does the merge to the draft both started from; and an
 * editor who opened the draft after someone saved it without ids (an import, an older tab) having
 * removed its first row still gives each remaining row the id the others gave it, where numbering
 * by place would give the second row the first's id and merge one row's edits into another's.
 */
export function withIds<T extends Row>(rows: readonly T[], prefix: string): T[] {
  // A document not parsed (a test's, a hand-built one) may lack the list: nothing to number.
  if (!Array.isArray(rows)) return rows as T[];
  const owned = new Set<string>();
  const own = rows.map((row) => {
    if (typeof row.id !== 'string' || owned.has(row.id)) return false;
    owned.add(row.id);
    return true;
  });
  if (own.every(Boolean)) return rows as T[];
  const taken = owned;
  return rows.map((row, i) => {
    if (own[i]) return row;
    const { id: _dropped, ...content } = row;
    const stem = `${prefix}${contentHash(content).slice('sha256:'.length, 'sha256:'.length + 8)}`;
    let id = stem;
    for (let n = 2; taken.has(id); n++) id = `${stem}-${n}`;
    taken.add(id);
    return { ...row, id };
  });
}

/**
 * `flow` with an id on every test case, slot and answer mapping (`withIds`), for a document
 * written before they had one. The same object when nothing lacks one, and each node that
 * needs none stays the same object (a merge and an undo skip what two documents share).
 */
export function withRowIds(flow: Flow): Flow {
  const tests = withIds(flow.tests, ROW_ID_PREFIX.tests);
  let changed = tests !== flow.tests;
  const nodes = flow.nodes.map((node): FlowNode => {
    if (node.type === 'intent') {
      const slots = withIds(node.slots, ROW_ID_PREFIX.slots);
      if (slots === node.slots) return node;
      changed = true;
      return { ...node, slots };
    }
    if (node.type === 'http') {
      const responseMapping = withIds(node.responseMapping, ROW_ID_PREFIX.responseMapping);
      if (responseMapping === node.responseMapping) return node;
      changed = true;
      return { ...node, responseMapping };
    }
    return node;
  });
  return changed ? { ...flow, tests, nodes } : flow;
}

/**
 * `side` (a version made from `base`) with the rows it left as they were in `base`, where they
 * had no ids, given those of `withRowIds(base)` (`based`): a version saved without ids (an unsent
 * copy kept by an older editor) then still merges with one that has them, instead of differing
 * from the version both started from by ids alone.
 */
export function alignRowIds(base: Flow, based: Flow, side: Flow, same: (a: unknown, b: unknown) => boolean): Flow {
  if (based === base) return side;
  const lacks = (rows: readonly Row[]) => Array.isArray(rows) && rows.some((row) => typeof row.id !== 'string');
  const take = <T extends Row>(rows: T[], baseRows: readonly T[] | undefined, basedRows: T[] | undefined): T[] => (basedRows && lacks(rows) && same(rows, baseRows) ? basedRows : rows);
  const tests = take(side.tests, base.tests, based.tests);
  let changed = tests !== side.tests;
  const nodes = side.nodes.map((node): FlowNode => {
    const [was, now] = [base.nodes.find((n) => n.id === node.id), based.nodes.find((n) => n.id === node.id)];
    if (node.type === 'intent' && was?.type === 'intent' && now?.type === 'intent') {
      const slots = take(node.slots, was.slots, now.slots);
      if (slots === node.slots) return node;
      changed = true;
      return { ...node, slots };
    }
    if (node.type === 'http' && was?.type === 'http' && now?.type === 'http') {
      const responseMapping = take(node.responseMapping, was.responseMapping, now.responseMapping);
      if (responseMapping === node.responseMapping) return node;
      changed = true;
      return { ...node, responseMapping };
    }
    return node;
  });
  return changed ? { ...side, tests, nodes } : side;
}
