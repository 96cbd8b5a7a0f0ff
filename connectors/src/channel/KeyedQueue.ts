/**
 * Runs tasks one at a time per key, in the order they were queued; different keys run
 * concurrently. A conversation's events (a subscriber typing fast, a status hook racing a
 * gather) must never interleave, and one slow subscriber must never hold up another. The one
 * queue of Griot: the conversation engine keys it by session, channels by conversation.
 *
 * Bounded for channels: past `maxPending` queued tasks `tryRun` refuses, so the channel can
 * answer "busy" (the platform re-delivers later) instead of growing memory without end. And
 * shared fairly: past `maxPendingPerShare` tasks of one share (a sender: by default the task's
 * key) it refuses that share's new tasks only, so one sender flooding (a looping bot) cannot take
 * every place and have everyone else answered "busy".
 */
const RESOLVED: Promise<void> = Promise.resolve();

export class KeyedQueue {
  private readonly tails = new Map<string, Promise<void>>();
  private pendingCount = 0;
  /** Tasks queued or running per share; a share with none is forgotten. */
  private readonly shares = new Map<string, number>();
  private readonly idleWaiters: (() => void)[] = [];

  constructor(
    readonly maxPending = 10_000,
    private readonly onError: (error: unknown, key: string) => void = () => {},
    readonly maxPendingPerShare = Number.POSITIVE_INFINITY,
  ) {}

  /** Tasks queued or running. */
  get pending(): number {
    return this.pendingCount;
  }

  /** Tasks of one share (a sender) queued or running. */
  pendingFor(share: string): number {
    return this.shares.get(share) ?? 0;
  }

  /** Whether `count` more tasks of `share` would be taken now (its own bound and the whole queue's). */
  admits(share: string, count = 1): boolean {
    return this.pendingCount + count <= this.maxPending && this.pendingFor(share) + count <= this.maxPendingPerShare;
  }

  /** Whether `key` has a task queued or running. */
  busy(key: string): boolean {
    return this.tails.has(key);
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
    // Not an async function: its own promise and an await's hop on every turn (issue 17).
    this.enqueue(key, () => {
      let running: Promise<T>;
      try {
        running = task((value) => settle.resolve(value));
      } catch (error) {
        settle.reject(error);
        return RESOLVED;
      }
      return running.then(settle.resolve, settle.reject);
    });
    return answer;
  }

  /**
   * Queues `task` behind the key's earlier tasks, counted against `share` (the key unless said);
   * false (and nothing queued) when the queue or that share is full. Failures go to `onError`.
   */
  tryRun(key: string, task: () => Promise<void>, share: string = key): boolean {
    if (!this.admits(share)) return false;
    this.shares.set(share, this.pendingFor(share) + 1);
    this.enqueue(key, () =>
      Promise.resolve()
        .then(task)
        .catch((error: unknown) => this.onError(error, key))
        .finally(() => {
          const left = this.pendingFor(share) - 1;
          if (left > 0) this.shares.set(share, left);
          else this.shares.delete(share);
        }),
    );
    return true;
  }

  /** Resolves when nothing is queued or running (tests, graceful shutdown). */
  idle(): Promise<void> {
    return this.pendingCount === 0 ? Promise.resolve() : new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * The task starts once the key's previous one has settled (a microtask later when the key is
   * idle: never within the caller's own synchronous code). One `then` for the bookkeeping after
   * it rather than `finally` (which chains two more promises): the queue's tasks never reject
   * (`run` settles its caller's promise, `tryRun` catches), and a tail that did would not stop
   * the key's next task anyway.
   */
  private enqueue(key: string, task: () => Promise<unknown>): void {
    this.pendingCount += 1;
    const previous = this.tails.get(key) ?? RESOLVED;
    const done = (): void => {
      this.pendingCount -= 1;
      // Forget the key once nothing is queued behind this task, so the map stays small.
      if (this.tails.get(key) === next) this.tails.delete(key);
      if (this.pendingCount === 0) this.idleWaiters.splice(0).forEach((resolve) => resolve());
    };
    const next: Promise<void> = previous.then(task).then(done, done);
    this.tails.set(key, next);
  }
}
