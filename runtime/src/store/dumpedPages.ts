/** Rows of a big table read at a time by a paged dump: a few hundred kB of audit entries, one turn of the server's loop. */
export const DUMP_PAGE_ROWS = 2_000;

/**
 * A list of a dump whose rows are read from the store's snapshot a page at a time, as the backup
 * writer comes to it (not enumerable: never in the JSON). The list itself is empty: only a dump
 * asked for with `{ paged: true }` (the backup writer's) holds such lists, and only the writer
 * reads them (`writeBackupFile`), serializing each page and giving the server's other work a turn
 * between pages, instead of the whole table being read in one synchronous step (SQLite) or held
 * whole before the first row is written (MongoDB).
 */
export const ROW_PAGES: unique symbol = Symbol('griot.rowPages');

/** Rows of a paged list, a page per call: read at once from SQLite's snapshot, through a cursor's batches on MongoDB. */
export type RowPages<T> = () => T[] | Promise<T[]>;

/** Rows read by `next`, a page per call, in the order the whole list would have them; an empty page ends them. */
export function pagedRows<T>(next: RowPages<T>): T[] {
  return Object.defineProperty([] as T[], ROW_PAGES, { value: next, enumerable: false });
}

/** The page reader of a paged list of a dump, when `list` is one (else undefined). */
export function rowPagesOf(list: unknown): RowPages<unknown> | undefined {
  if (!Array.isArray(list)) return undefined;
  const next = (list as { [ROW_PAGES]?: unknown })[ROW_PAGES];
  return typeof next === 'function' ? (next as RowPages<unknown>) : undefined;
}

/** Every row of `next`, read page after page into one list (a dump asked for whole). */
export async function everyRow<T>(next: RowPages<T>): Promise<T[]> {
  const rows: T[] = [];
  for (let page = await next(); page.length > 0; page = await next()) for (const row of page) rows.push(row);
  return rows;
}

/** Each row of a paged list as `change` gives it back (a page at a time: never the whole list held). */
export function mappedRows<T, U>(list: T[], change: (row: T) => U): U[] {
  const pages = rowPagesOf(list) as RowPages<T> | undefined;
  if (!pages) return list.map(change);
  return pagedRows(async () => (await pages()).map(change));
}

/** A paged list whose each page `change` gives back whole, as it is read (a page's lookups made once for it). */
export function mappedPages<T, U>(list: T[], change: (page: T[]) => U[] | Promise<U[]>): U[] {
  const pages = rowPagesOf(list) as RowPages<T> | undefined;
  if (!pages) throw new Error('mappedPages: not a paged list');
  return pagedRows(async () => {
    const page = await pages();
    return page.length === 0 ? [] : change(page);
  });
}
