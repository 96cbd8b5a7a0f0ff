/**
 * A value read from the server again when asked for after `maxAgeMs`: cheap to ask on every
 * focus, yet what changed on the server meanwhile shows without reloading the page. A failed
 * read is not kept, so the next ask tries again.
 */
export function recentRead<T>(read: () => Promise<T>, maxAgeMs: number, now: () => number = Date.now): () => Promise<T> {
  let last: { at: number; value: Promise<T> } | null = null;
  return () => {
    if (last === null || now() - last.at >= maxAgeMs) {
      const value = read();
      const kept = { at: now(), value };
      last = kept;
      value.catch(() => {
        if (last === kept) last = null;
      });
    }
    return last.value;
  };
}
