import type { RowPages } from '../dumpedPages.ts';

/** What a page reader needs of a driver's cursor (`FindCursor`): its documents one by one, the server's batches behind them. */
export interface PagedCursor<D> {
  next(): Promise<D | null>;
  close(): Promise<void>;
}

/**
 * The documents of a query, `size` at a time (the cursor opened at the first page, its batches
 * fetched as the pages need them), each as `row` makes it (`undefined`: left out). An empty page
 * ends them, and closes the cursor. One cursor at a time is read: a backup's snapshot session must
 * not run reads in parallel on it, and the writer reads its lists one after the other.
 */
export function cursorPages<D, T>(open: () => PagedCursor<D>, size: number, row: (document: D) => T | undefined): RowPages<T> {
  let cursor: PagedCursor<D> | null = null;
  let done = false;
  return async () => {
    const page: T[] = [];
    if (done) return page;
    cursor ??= open();
    while (page.length < size) {
      const document = await cursor.next();
      if (document === null) {
        done = true;
        await cursor.close();
        break;
      }
      const made = row(document);
      if (made !== undefined) page.push(made);
    }
    return page;
  };
}
