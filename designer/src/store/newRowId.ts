import { ROW_ID_PREFIX } from '@griot/flows';

/**
 * An id for a new test case, slot or answer mapping (`t-3f09a1c2`): random, so two editors each
 * adding one to the same draft never pick the same and a merge keeps both (a count, `t4`, would
 * make them one row both added differently: a conflict, and one lost). Rows of a draft saved
 * without ids get ids from their content on opening (`t3fa09c21`, `withRowIds`), never with a dash.
 */
export function newRowId(list: keyof typeof ROW_ID_PREFIX): string {
  const bytes = crypto.getRandomValues(new Uint8Array(4));
  return `${ROW_ID_PREFIX[list]}-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
