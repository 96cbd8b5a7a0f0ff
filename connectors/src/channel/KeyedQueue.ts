/**
 * Runs tasks one at a time per key, in the order they were queued; different keys run
 * concurrently. A conversation's events (a subscriber typing fast, a status hook racing a
 * gather) must never interleave, and one slow subscriber must never hold up another. The one
 * queue of Griot: the conversation engine keys it by session, channels by conversation.
 *
 * Bounded for channels: past `maxPending` queued tasks `tryRun` refuses, so the channel can
 * answer "busy" (the platform re-delivers later) instead of growing memory without end.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<void>>();
  private pendingCount = 0;
  private readonly idleWaiters: (() => void)[] = [];

  constructor(
    private readonly maxPending = 10_000,
    private readonly onError: (error: unknown, key: string) => void = () => {},
  ) {}

  /** Tasks queued or running. */
  get pending(): number {
    return this.pendingCount;
  }

  /** Keys with work queued or running. */
  get size(): number {
    return this.tails.size;
  }

  /**
   * Queues `task` behind the key's earlier tasks and resolves with its result. `task` may settle
   * the returned promise early (through `reply`) and keep the key busy until its own promise
   * settles: a turn answers the channel before a slow look-up ends, and later events still wait
   * for that look-up. Never refuses (the engine's callers are bounded by their channels' queues).
   */
  run<T>(key: string, task: (reply: (value: T) => void) => Promise<T>): Promise<T> {
    let settle!: { resolve: (value: T) => void; reject: (error: unknown) => void };
    const answer = new Promise<T>((resolve, reject) => (settle = { resolve, reject }));
    this.enqueue(key, async () => {
      try {
        settle.resolve(await task((value) => settle.resolve(value)));
      } catch (error) {
        settle.reject(error);
      }
    });
    return answer;
  }

  /** Queues `task` behind the key's earlier tasks; false (and nothing queued) when full. Failures go to `onError`. */
  tryRun(key: string, task: () => Promise<void>): boolean {
    if (this.pendingCount >= this.maxPending) return false;
    this.enqueue(key, () => task().catch((error: unknown) => this.onError(error, key)));
    return true;
  }

  /** Resolves when nothing is queued or running (tests, graceful shutdown). */
  idle(): Promise<void> {
    return this.pendingCount === 0 ? Promise.resolve() : new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private enqueue(key: string, task: () => Promise<void>): void {
    this.pendingCount += 1;
    const previous = this.tails.get(key) ?? Promise.resolve();
    const next = previous.then(task).finally(() => {
      this.pendingCount -= 1;
      // Forget the key once nothing is queued behind this task, so the map stays small.
      if (this.tails.get(key) === next) this.tails.delete(key);
      if (this.pendingCount === 0) this.idleWaiters.splice(0).forEach((resolve) => resolve());
    });
    this.tails.set(key, next);
  }
}
