/**
 * Runs `task` once at a time; calls made while it runs fold into one more run after it, so a
 * burst of changes costs at most two reads (one in flight, one pending). A failure goes to
 * `onError` (the caller still resolves), except one `runAgain` says is worth a new run at once (a
 * read given up on at its deadline): that run is made first, and a second such failure in a row
 * is reported. Every call resolves once a run that started after it is over.
 */
export function coalesce(task: () => Promise<void>, onError: (error: unknown) => void, runAgain: (error: unknown) => boolean = () => false): () => Promise<void> {
  let busy = false;
  let running: Promise<void> = Promise.resolve();
  let again = false;
  const run = async () => {
    try {
      let retried = false;
      do {
        again = false;
        try {
          await task();
          retried = false;
        } catch (error) {
          if (!retried && runAgain(error)) {
            retried = true;
            again = true;
          } else {
            retried = false;
            onError(error);
          }
        }
      } while (again);
    } finally {
      // In the same step as the last check of `again`: a call from now on starts a new run,
      // none joins a run that is over (it would be lost).
      busy = false;
    }
  };
  return () => {
    if (busy) {
      again = true;
      return running;
    }
    busy = true;
    running = run();
    return running;
  };
}
