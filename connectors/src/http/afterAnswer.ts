const waiting: Array<() => void> = [];
/** The fallback run (two check phases away), while one is scheduled. */
let fallback: NodeJS.Immediate | undefined;

/**
 * Work a turn owes nobody before its answer — metrics; the lifecycle log lines when the logger does
 * not batch (on the server's log they wait for their batch instead: runtime's `infoLater`) — run once the answer
 * is written: a webhook's hot path calls `runAfterAnswer` right after its response is on the
 * socket, so the caller's next hook finds it done, and the platform gets its answer without
 * waiting for it (issue 17, one call at a time: the `conversation started` and `ended` lines cost
 * ~90 µs each in the running server, inside the call and action hooks). Where no hot path answers
 * (another channel, the API, a test calling the engine), it runs at the next loop iteration.
 * What must be durable before the answer (the turn's store write) never comes here.
 */
export function afterAnswer(work: () => void): void {
  waiting.push(work);
  if (fallback) return;
  // Twice: work queued before the turn's group commit (scheduled with setImmediate too) runs
  // after it and after the answer it lets go, not just ahead of it.
  fallback = setImmediate(() => {
    fallback = setImmediate(() => {
      fallback = undefined;
      runAfterAnswer();
    });
  });
}

/**
 * Runs the work queued so far, in order; one that throws does not keep the others from running.
 * The fallback is dropped: nothing is left for it, and a pending immediate would keep the event
 * loop from sleeping for two more iterations after every answer (two empty polls a webhook).
 */
export function runAfterAnswer(): void {
  if (fallback) {
    clearImmediate(fallback);
    fallback = undefined;
  }
  if (waiting.length === 0) return;
  const now = waiting.splice(0);
  for (const work of now) {
    try {
      work();
    } catch (error) {
      process.emitWarning(error instanceof Error ? error : new Error(String(error)), 'GriotAfterAnswer');
    }
  }
}
