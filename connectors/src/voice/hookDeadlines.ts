/** A hook waiting for its answer: `late` runs at `due` unless the answer came first. */
export interface PendingHook {
  due: number;
  late: (() => void) | undefined;
}

/**
 * The deadlines of hooks waiting for their answer, all of one length, under one timer: hooks come
 * in the order of their deadlines, so the oldest waiting is the first due. A `setTimeout` per
 * hook, cleared by its answer, made and dropped node's timer list for that duration on every
 * hook one call at a time (~1 % of a signed call's main thread, issue 17); here a hook costs one
 * small object, and the timer is set again only when it fires (at most once per deadline length
 * while hooks keep coming). The timer does not keep the process alive (the hook's socket does).
 */
export class HookDeadlines {
  private readonly waiting: PendingHook[] = [];
  /** Index of the oldest entry still in `waiting` (answered ones are dropped from the front). */
  private head = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly ms: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Runs `late` in `ms` unless `answered` is called with what this returns first. */
  wait(late: () => void): PendingHook {
    const pending: PendingHook = { due: this.now() + this.ms, late };
    this.waiting.push(pending);
    if (this.timer === undefined) this.arm(this.ms);
    return pending;
  }

  answered(pending: PendingHook): void {
    pending.late = undefined;
    this.dropAnswered();
  }

  /** Hooks waiting, and the answered ones kept behind an older one still waiting (for tests). */
  get held(): number {
    return this.waiting.length - this.head;
  }

  private arm(ms: number): void {
    this.timer = setTimeout(this.fire, ms);
    this.timer.unref();
  }

  private readonly fire = (): void => {
    this.timer = undefined;
    const now = this.now();
    while (this.head < this.waiting.length) {
      const pending = this.waiting[this.head]!;
      if (pending.late && pending.due > now) {
        this.arm(pending.due - now);
        break;
      }
      this.head += 1;
      const late = pending.late;
      pending.late = undefined;
      try {
        late?.();
      } catch (error) {
        process.emitWarning(error instanceof Error ? error : new Error(String(error)), 'GriotHookDeadline');
      }
    }
    this.dropAnswered();
  };

  /** Answered hooks at the front go (one call at a time, the queue is empty again after each answer). */
  private dropAnswered(): void {
    const waiting = this.waiting;
    while (this.head < waiting.length && waiting[this.head]!.late === undefined) this.head += 1;
    if (this.head === waiting.length) {
      waiting.length = 0;
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > waiting.length) {
      waiting.splice(0, this.head);
      this.head = 0;
    }
  }
}
