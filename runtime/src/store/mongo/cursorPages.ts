import type { RowPages } from '../dumpedPages.ts';

/** What a page reader needs of a driver's cursor (`FindCursor`): its documents one by one, the server's batches behind them. */
export interface PagedCursor<D> {
  next(): Promise<D | null>;
  close(): Promise<void>;
}

/**
 * The cursors a dump opened and has not read to their end. A backup whose writing fails half-way
 * leaves some open (each holds a server cursor, and its snapshot's history, until the server's
 * idle timeout): the dump closes them all when it ends (`closeAll`), whether the file was written
 * or not, before it ends its session.
 */
export class DumpCursors {
  private readonly open = new Set<() => Promise<void>>();

  /** `close`: stops a page reader and closes its cursor. */
  add(close: () => Promise<void>): void {
    this.open.add(close);
  }

  delete(close: () => Promise<void>): void {
    this.open.delete(close);
  }

  /** Closes every cursor still open (a page read afterwards is empty); a cursor that fails to close is left to the server. */
  async closeAll(): Promise<void> {
    const closers = [...this.open];
    this.open.clear();
    for (const close of closers) await close().catch(() => undefined);
  }
}

/**
 * The documents of a query, `size` at a time (the cursor opened at the first page, its batches
 * fetched as the pages need them), each as `row` makes it (`undefined`: left out). An empty page
 * ends them, and closes the cursor. One cursor at a time is read: a backup's snapshot session must
 * not run reads in parallel on it, and the writer reads its lists one after the other. With
 * `cursors`, the cursor is registered there while open: the dump closes it if its reading stops
 * before the end.
 */
export function cursorPages<D, T>(open: () => PagedCursor<D>, size: number, row: (document: D) => T | undefined, cursors?: DumpCursors): RowPages<T> {
  let cursor: PagedCursor<D> | null = null;
  let done = false;
  const stop = async () => {
    done = true;
    cursors?.delete(stop);
    await cursor?.close();
  };
  return async () => {
    const page: T[] = [];
    if (done) return page;
    if (!cursor) {
      cursor = open();
      cursors?.add(stop);
    }
    while (page.length < size) {
      const document = await cursor.next();
      if (document === null) {
        await stop();
        break;
      }
      const made = row(document);
      if (made !== undefined) page.push(made);
    }
    return page;
  };
}
