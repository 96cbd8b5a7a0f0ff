import type { Flow } from '../schema/flow.ts';
import type { FlowNode } from '../schema/node.ts';

/**
 * The lists whose rows had no identity before they were given an optional `id`: the flow's test
 * cases, an intent node's slots, a look-up's answer mappings. The prefix of the ids `withRowIds`
 * gives the rows of an older document (`t1`, `s2`, `m3`); new rows get a random one from the
 * editor (`newRowId`), so two editors adding a row each never pick the same.
 */
export const ROW_ID_PREFIX = { tests: 't', slots: 's', responseMapping: 'm' } as const;

type Row = { id?: string | undefined };

/**
 * `rows` with an id on each row that has none: the prefix and its place from 1, skipping ids the
 * list already holds. The same list when every row has one. Deterministic: two editors opening
 * the same stored draft give its rows the same ids, and so does the merge to the draft both
 * started from, so an edit of the third test case made in one editor still lands on the third
 * after the other removed the second.
 */
export function withIds<T extends Row>(rows: readonly T[], prefix: string): T[] {
  // A document not parsed (a test's, a hand-built one) may lack the list: nothing to number.
  if (!Array.isArray(rows) || rows.every((row) => typeof row.id === 'string')) return rows as T[];
  const taken = new Set(rows.flatMap((row) => (typeof row.id === 'string' ? [row.id] : [])));
  let n = 0;
  return rows.map((row) => {
    if (typeof row.id === 'string') return row;
    let id: string;
    do id = `${prefix}${++n}`;
    while (taken.has(id));
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
