/**
 * Runs tasks one at a time per key, in the order they were queued; different keys run
 * concurrently. A conversation's events (a caller typing fast, a status hook racing a gather)
 * must never interleave, and one slow caller must never hold up another.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<void>>();

  /**
   * Queues `task` behind the key's earlier tasks. `task` may settle the returned promise early
   * (through `reply`) and keep the key busy until its own promise settles: a turn answers the
   * channel before a slow look-up ends, and later events still wait for that look-up.
   */
  run<T>(key: string, task: (reply: (value: T) => void) => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let settle!: { resolve: (value: T) => void; reject: (error: unknown) => void };
    const answer = new Promise<T>((resolve, reject) => (settle = { resolve, reject }));
    const done = previous.then(async () => {
      try {
        settle.resolve(await task((value) => settle.resolve(value)));
      } catch (error) {
        settle.reject(error);
      }
    });
    this.tails.set(key, done);
    // Forget the key once nothing is queued behind this task, so the map stays small.
    void done.then(() => {
      if (this.tails.get(key) === done) this.tails.delete(key);
    });
    return answer;
  }

  /** Keys with work queued or running (for tests and shutdown). */
  get size(): number {
    return this.tails.size;
  }

  /** Resolves when every queued task has finished. */
  async idle(): Promise<void> {
    while (this.tails.size > 0) await Promise.all([...this.tails.values()]);
  }
}
