/**
 * Runs tasks one at a time per key and concurrently across keys: a subscriber's messages are
 * handled in the order they arrived while other subscribers are not held up. Bounded: past
 * `maxPending` queued tasks, `tryRun` refuses, so the caller can answer "busy" (the platform
 * re-delivers later) instead of growing memory without end.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<void>>();
  private pendingCount = 0;
  private readonly idleWaiters: (() => void)[] = [];

  constructor(
    private readonly maxPending = 10_000,
    private readonly onError: (error: unknown, key: string) => void = () => {},
  ) {}

  get pending(): number {
    return this.pendingCount;
  }

  /** Queues `task` behind the key's earlier tasks; false (and nothing queued) when full. */
  tryRun(key: string, task: () => Promise<void>): boolean {
    if (this.pendingCount >= this.maxPending) return false;
    this.pendingCount += 1;
    const previous = this.tails.get(key) ?? Promise.resolve();
    const next = previous
      .then(task)
      .catch((error: unknown) => this.onError(error, key))
      .finally(() => {
        this.pendingCount -= 1;
        if (this.tails.get(key) === next) this.tails.delete(key);
        if (this.pendingCount === 0) this.idleWaiters.splice(0).forEach((resolve) => resolve());
      });
    this.tails.set(key, next);
    return true;
  }

  /** Resolves when nothing is queued (tests, graceful shutdown). */
  idle(): Promise<void> {
    return this.pendingCount === 0 ? Promise.resolve() : new Promise((resolve) => this.idleWaiters.push(resolve));
  }
}
