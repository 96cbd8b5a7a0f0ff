/**
 * A list of a dump whose rows are read from the store's snapshot a page at a time, as the backup
 * writer comes to it (not enumerable: never in the JSON). The list itself is empty: only a dump
 * asked for with `{ paged: true }` (the backup writer's) holds such lists, and only the writer
 * reads them (`writeBackupFile`), serializing each page and giving the server's other work a turn
 * between pages, instead of the whole table being read in one synchronous step.
 */
export const ROW_PAGES: unique symbol = Symbol('griot.rowPages');

/** Rows read by `next`, a page per call, in the order the whole list would have them; an empty page ends them. */
export function pagedRows<T>(next: () => T[]): T[] {
  return Object.defineProperty([] as T[], ROW_PAGES, { value: next, enumerable: false });
}

/** The page reader of a paged list of a dump, when `list` is one (else undefined). */
export function rowPagesOf(list: unknown): (() => unknown[]) | undefined {
  if (!Array.isArray(list)) return undefined;
  const next = (list as { [ROW_PAGES]?: unknown })[ROW_PAGES];
  return typeof next === 'function' ? (next as () => unknown[]) : undefined;
}
