/**
 * Runs `task` once at a time; calls made while it runs fold into one more run after it, so a
 * burst of changes costs at most two reads. A failure goes to `onError` (the caller still resolves).
 */
export function coalesce(task: () => Promise<void>, onError: (error: unknown) => void): () => Promise<void> {
  let running: Promise<void> | null = null;
  let again = false;
  return async () => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await task().catch(onError);
      } while (again);
    })();
    try {
      await running;
    } finally {
      running = null;
    }
  };
}
