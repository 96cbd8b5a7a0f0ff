import { register } from 'on-exit-leak-free';
import { pino, type DestinationStream } from 'pino';

/** pino's number for `warn`: warnings, errors and fatal lines are handed to the OS at once. */
const WARN = pino.levels.values.warn!;
/** A batch this long goes out without waiting for the timer (SonicBoom writes at most 16 KiB at a time). */
const BATCH_CHARS = 16 * 1024;
/** Lines given by `later` that wait unbuilt at most (each holds its fields' closure): then they are built into the batch. */
const LATER_LINES = 256;

type Sink = Pick<ReturnType<typeof pino.destination>, 'write' | 'flush' | 'flushSync'>;

/**
 * The server's log lines on stdout, written in batches. pino's own stdout destination hands
 * every line to the OS as it comes, each an asynchronous write that wakes a libuv thread-pool
 * thread and comes back to the event loop: two lines a call (conversation started, ended). Here
 * info and debug lines wait up to `flushMs` (LOG_FLUSH_MS) and go out together in one write;
 * warnings and errors go out at once with what waits before them, so nothing is reordered. One
 * call at a time (the peer bench's 2-step IVR, bench/voice/serialPaired.mjs against the tree
 * before, both orders), a call's p50 fell 4–6 % and the main thread's CPU per call ~4 %, and the
 * server's futex calls went from ~10 to ~2 a call (issue 17).
 *
 * Writes stay asynchronous (SonicBoom on fd 1) rather than synchronous: a log reader that stops
 * reading (a full pipe, a stalled log shipper) then holds one thread-pool thread and the lines
 * pile up in memory, where synchronous writes would stop every call the server is serving.
 *
 * Nothing is lost on a clean stop: `flush(done)` (startServing, on SIGTERM) waits until every
 * line is written, and on the process's `exit` event (process.exit, an uncaught exception)
 * what waits is written synchronously, as pino's `fatal` does (after a crash, a batch the thread
 * pool was still writing may land after those lines: nothing is lost, the order may be). Only a
 * process killed outright (SIGKILL, out of memory) loses the last `flushMs` of info lines.
 *
 * An info line given by `later` (the contacts' lifecycle lines, two a call: `infoLater`) waits
 * as the function that builds it, and is built when its batch goes out, with the other lines
 * waiting, in their order. One call at a time, each line built after its answer came back to
 * cold code (its fields, the key's digest, the JSON), and delayed the caller's next hook; built
 * together, a batch's lines run as one warm loop (issue 17).
 */
export class BatchedLogDestination implements DestinationStream {
  /** Asks pino to set `lastLevel` before each `write` (the interface its multistream uses). */
  readonly [pino.symbols.needsMetadataGsym] = true as const;
  lastLevel = 0;
  #pending = '';
  /** Lines given by `later`, after `#pending` and before any line written since (which builds them first). */
  #later: Array<() => string> = [];
  #timer: NodeJS.Timeout | undefined;

  /**
   * stdout through SonicBoom. `minLength: 1` changes no write (each batch still goes out at
   * once) but makes SonicBoom's `flush(done)` wait for the write under way and the rest; with
   * 0 it calls `done` at once, written or not.
   */
  static stdout(flushMs: number): BatchedLogDestination {
    return new BatchedLogDestination(pino.destination({ dest: 1, sync: false, minLength: 1 }), flushMs);
  }

  constructor(
    private readonly sink: Sink,
    private readonly flushMs: number,
  ) {
    register(this, (destination) => destination.flushSync());
  }

  /** Whether info lines wait for a batch (LOG_FLUSH_MS above 0) rather than go out one by one. */
  get batches(): boolean {
    return this.flushMs > 0;
  }

  write(line: string): void {
    if (this.lastLevel >= WARN || this.flushMs === 0) {
      this.#handOver(line);
      return;
    }
    const first = this.#pending === '' && this.#later.length === 0;
    this.#build();
    this.#pending += line;
    if (this.#pending.length >= BATCH_CHARS) this.#handOver('');
    else if (first) this.#startTimer();
  }

  /**
   * An info line, built (`line()`, which returns it with its newline) when its batch goes out,
   * in its place among the lines written before and after it. A line that fails to build is left
   * out with a process warning; the others go out.
   */
  later(line: () => string): void {
    if (!this.batches) {
      this.#later.push(line);
      this.#handOver('');
      return;
    }
    const first = this.#pending === '' && this.#later.length === 0;
    this.#later.push(line);
    if (this.#later.length >= LATER_LINES) this.#build();
    if (this.#pending.length >= BATCH_CHARS) this.#handOver('');
    else if (first) this.#startTimer();
  }

  /** Calls `done` once every line so far is written (pino's `logger.flush`). */
  flush(done?: (error?: Error) => void): void {
    this.#handOver('');
    this.sink.flush(done);
  }

  /** Writes every line so far before returning (pino's `fatal`, and the process's exit). */
  flushSync(): void {
    this.#handOver('');
    this.sink.flushSync();
  }

  #handOver(line: string): void {
    this.#build();
    const batch = this.#pending + line;
    this.#pending = '';
    if (batch !== '') this.sink.write(batch);
  }

  /** The lines given by `later` so far, built onto the batch. */
  #build(): void {
    if (this.#later.length === 0) return;
    const lines = this.#later;
    this.#later = [];
    for (const line of lines) {
      try {
        this.#pending += line();
      } catch (error) {
        process.emitWarning(error instanceof Error ? error : new Error(String(error)), 'GriotLogLine');
      }
    }
  }

  /** One timer, re-armed per batch (unref'd: waiting lines never keep the process alive; the exit hook writes them). */
  #startTimer(): void {
    if (this.#timer) this.#timer.refresh();
    else this.#timer = setTimeout(() => this.#handOver(''), this.flushMs).unref();
  }
}
