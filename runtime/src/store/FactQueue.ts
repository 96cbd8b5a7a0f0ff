import { STORE_RETRY_AFTER_SECONDS } from '../api/storeUnavailable.ts';
import { DependencyError } from '../errors.ts';
import type { FactBatch, PendingFacts } from './types.ts';
import { PositionalBatch } from './factRuns.ts';

/** How long a turn's facts wait in memory at most before they are written (with the others queued meanwhile). */
export const FACTS_WINDOW_MS = 500;
/** Written at once when this many wait: one write for many turns, and few of them live long enough to be promoted by the collector. */
export const FACTS_WRITE_AT = 256;
/** At most this many wait (a store that keeps failing): past it, the oldest are dropped (counted and told), never memory without bound. */
export const FACTS_KEPT_AT_MOST = 50_000;

/** What went wrong with queued facts, for the log: a failed write (the facts stay queued and are tried again), or facts dropped past the bound. */
export interface FactsTrouble {
  /** The write's error message (the facts hold no number nor value; neither does a store's error). */
  failed?: string;
  dropped?: number;
  /** A turn's facts that could not be made into a batch (`PendingFacts.build` threw): how many, gone, and the first error's message. */
  unbuilt?: { count: number; message: string };
  queued: number;
}

type Queued = FactBatch | PendingFacts;

const isPending = (item: Queued): item is PendingFacts => typeof (item as PendingFacts).build === 'function';

/**
 * A turn's analytics facts, written in batches rather than in the turn's own commit (issue 14):
 * the turn hands its facts over (`add`: an array push) and they are written together, every
 * `FACTS_WINDOW_MS` or as soon as `FACTS_WRITE_AT` wait, by one `recordFacts` (SQLite: one row
 * per flow for many turns, one commit's pages for them, the counters folded in one go). The store
 * writes them first before anything that reads facts (the roll-up, the figures, a backup, an
 * erasure) and when it closes, so in this process nothing reads around them. What a crash
 * (kill -9) can lose: the facts of the last window, never a turn (sessions, transcripts, messages
 * stay in the turn's commit). A failed write keeps them for the next try (told to `onTrouble`);
 * past `FACTS_KEPT_AT_MOST` waiting the oldest go.
 *
 * A turn hands over what it already has (`PendingFacts`: its trace, its outcome, by reference);
 * the queue makes them into batches as it writes, many in a row (`built`), or after a window at
 * the latest while a write is under way or the store fails (`buildLater`): a turn's objects are
 * never kept longer than a window, whatever the store does.
 */
export class FactQueue {
  private pending: Queued[] = [];
  private timer: NodeJS.Timeout | null = null;
  /** Set when enough wait to be written at once: right after the turn that made them enough, not in its call. */
  private immediate: NodeJS.Immediate | null = null;
  /** Armed while turns' facts wait unbuilt and no write is due within a window (a write under way, a failing store). */
  private builder: NodeJS.Timeout | null = null;
  private writing: Promise<void> | null = null;
  private troubles: ((trouble: FactsTrouble) => void)[] = [];
  /** Failed writes in a row: the next try waits longer (up to 30 windows). */
  private failures = 0;
  /** The last failed write's error (the cause of a strict flush's rejection). */
  private lastError: unknown;

  constructor(
    private readonly write: (batches: FactBatch[]) => Promise<void>,
    private readonly windowMs = FACTS_WINDOW_MS,
  ) {}

  get size(): number {
    return this.pending.length;
  }

  onTrouble(listener: (trouble: FactsTrouble) => void): void {
    this.troubles.push(listener);
  }

  add(batch: Queued): void {
    const pending = this.pending;
    pending.push(batch);
    if (pending.length > FACTS_KEPT_AT_MOST) this.drop();
    if (this.writing !== null) {
      this.buildLater();
      return;
    }
    if (pending.length >= FACTS_WRITE_AT) this.writeSoon();
    else if (this.timer === null) this.arm(this.windowMs);
    // Failed before: the next try may be several windows away.
    else if (this.failures > 0) this.buildLater();
  }

  /** Writes every fact queued so far (after a write under way); never rejects: a failed write keeps them queued. */
  async flush(): Promise<void> {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    while (this.writing !== null) await this.writing;
    if (this.pending.length === 0) return;
    const batches = this.built(this.pending);
    this.pending = [];
    if (batches.length === 0) return;
    const writing = this.write(batches).then(
      () => {
        this.failures = 0;
      },
      (error: unknown) => {
        this.failures += 1;
        this.lastError = error;
        // Back in front, in the order they came: retried with the next write.
        this.pending = (batches as Queued[]).concat(this.pending);
        if (this.pending.length > FACTS_KEPT_AT_MOST) this.drop();
        this.tell({ failed: (error as Error)?.message ?? String(error), queued: this.pending.length });
      },
    );
    this.writing = writing;
    await writing;
    if (this.writing === writing) this.writing = null;
    if (this.pending.length === 0 || this.timer !== null) return;
    if (this.failures > 0) this.arm(this.windowMs * Math.min(30, 2 ** (this.failures - 1)));
    else if (this.pending.length >= FACTS_WRITE_AT) void this.flush();
    else this.arm(this.windowMs);
  }

  /**
   * Writes every fact queued so far, and rejects (503 `store_unavailable`, Retry-After) when some
   * are still queued after it (the write failed): for what must not go on while facts wait, an
   * erasure that would report success before the erased caller's facts are written with their digest.
   */
  async flushStrict(): Promise<void> {
    await this.flush();
    while (this.writing !== null) await this.writing;
    if (this.pending.length === 0) return;
    throw new DependencyError('unavailable', 'store_unavailable', `${this.pending.length} analytics fact batches could not be written yet: try again in a few seconds`, {
      retryAfterSeconds: STORE_RETRY_AFTER_SECONDS,
      ...(this.lastError !== undefined ? { cause: this.lastError } : {}),
    });
  }

  /**
   * Right to erasure in memory: the queued batches that name one of `callers` lose the digest
   * (as the stored facts do: the facts stay, for the counts), after the write under way (a failed
   * write puts its batches back first), so no later write brings the digest back. Returns how many.
   */
  async forgetCallers(callers: ReadonlySet<string>): Promise<number> {
    while (this.writing !== null) await this.writing;
    let forgotten = 0;
    // Built first: a turn's caller is known by its digest only once built.
    this.pending = this.built(this.pending).map((batch) => {
      if (batch.caller == null || !callers.has(batch.caller)) return batch;
      forgotten += 1;
      // A turn's batch keeps its form (its row, its text): a copy would lose them.
      if (batch instanceof PositionalBatch) {
        batch.caller = null;
        return batch;
      }
      return { ...batch, caller: null };
    });
    return forgotten;
  }

  /**
   * Drops the queued batches `unwanted` names, after the write under way (a failed write puts its
   * batches back first): a restore's data never gets facts from before it. Returns how many went.
   */
  async discard(unwanted: (batch: FactBatch) => boolean): Promise<number> {
    while (this.writing !== null) await this.writing;
    const batches = this.built(this.pending);
    const before = batches.length;
    this.pending = batches.filter((batch) => !unwanted(batch));
    if (this.pending.length === 0 && this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    return before - this.pending.length;
  }

  /** Writes what is queued and stops the timer (the store closes next). */
  async close(): Promise<void> {
    await this.flush();
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    if (this.builder !== null) clearTimeout(this.builder);
    this.builder = null;
    if (this.immediate !== null) clearImmediate(this.immediate);
    this.immediate = null;
  }

  /** Writes once the turn that handed the last facts over has gone on (its answer first), not within its call. */
  private writeSoon(): void {
    if (this.immediate === null) this.immediate = setImmediate(this.onImmediate);
  }

  private readonly onImmediate = (): void => {
    this.immediate = null;
    void this.flush();
  };

  /**
   * `items` with the turns' facts made into batches (in place, in order; a turn without facts
   * leaves nothing): one after the other, with warm code, instead of one per turn on its path.
   */
  private built(items: Queued[]): FactBatch[] {
    let kept = 0;
    let unbuilt: { count: number; message: string } | undefined;
    for (const item of items) {
      if (!isPending(item)) {
        items[kept++] = item;
        continue;
      }
      try {
        const batch = item.build();
        if (batch !== null) items[kept++] = batch;
      } catch (error) {
        // A fault in building one turn's facts loses that turn's, told: never the others', never a turn.
        if (unbuilt === undefined) unbuilt = { count: 0, message: (error as Error)?.message ?? String(error) };
        unbuilt.count += 1;
      }
    }
    items.length = kept;
    if (unbuilt !== undefined) this.tell({ unbuilt, queued: this.pending.length });
    return items as FactBatch[];
  }

  /** Builds what waits after a window, when no write is due by then: a turn's objects are not kept past it. */
  private buildLater(): void {
    if (this.builder !== null) return;
    this.builder = setTimeout(this.onBuilder, this.windowMs);
    this.builder.unref();
  }

  private readonly onBuilder = (): void => {
    this.builder = null;
    this.built(this.pending);
  };

  private arm(ms: number): void {
    this.timer = setTimeout(this.onTimer, ms);
    // A process that ends without closing its store does not wait for it.
    this.timer.unref();
  }

  private readonly onTimer = (): void => {
    this.timer = null;
    void this.flush();
  };

  /** The oldest tenth past the bound goes at once (not one per turn): counted, and told. */
  private drop(): void {
    const dropped = this.pending.length - FACTS_KEPT_AT_MOST + Math.floor(FACTS_KEPT_AT_MOST / 10);
    this.pending.splice(0, dropped);
    this.tell({ dropped, queued: this.pending.length });
  }

  private tell(trouble: FactsTrouble): void {
    for (const listener of this.troubles) listener(trouble);
  }
}
