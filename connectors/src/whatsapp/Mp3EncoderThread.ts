import { Worker } from 'node:worker_threads';

/** Why an encoding did not happen: the thread died or failed, or too many encodings were waiting. */
export class Mp3EncodingUnavailable extends Error {}

export interface Mp3EncoderThreadOptions {
  /** Encodings queued or running at most; one more is refused at once rather than piling up. */
  maxQueued?: number;
  /**
   * The thread's young generation, in MiB (V8's `maxYoungGenerationSizeMb`); undefined: V8's own
   * default. LAME's port allocates small arrays for every frame: without a bound they pile up to the
   * young generation's size between collections (bench/README.md, rec32).
   */
  youngGenerationMb?: number;
}

/**
 * What to encode: `sampleCount` mono 16-bit little-endian samples at `sampleRate`, to MP3 at
 * `mp3SampleRate` and `kbps`. `pcm` yields their bytes (any split, `sampleCount * 2` in all); it
 * is read only when the encoding's turn comes, a block at a time as the thread takes them.
 */
export interface Mp3EncodingRequest {
  pcm: AsyncIterable<Uint8Array>;
  sampleCount: number;
  sampleRate: number;
  mp3SampleRate: number;
  kbps: number;
}

type Reply = { id: number; ack?: true; bytes?: ArrayBuffer; mp3?: Uint8Array; error?: string };

interface Waiter {
  resolve: (reply: Reply) => void;
  reject: (error: Error) => void;
}

/** The encoder thread's young generation by default, MiB: V8's default let LAME's small arrays reach +57 to +75 MiB of RSS for a 10-minute prompt, 8 MiB keeps it to +30 to +39 (bench/README.md, rec32). */
const ENCODER_YOUNG_GENERATION_MB: number | undefined = 8;

/** A block handed to the thread: at most this many bytes (the Store's parts are 256 KiB). */
const BLOCK_BYTES = 256 * 1024;

/**
 * MP3 encoding on one worker thread (`mp3EncodeWorker.mjs`), so a prompt's seconds of CPU never
 * stall the event loop that answers callers. The thread starts with the first encoding, does one
 * at a time in order, and is ended by `close()`; it is unref'd, so it never keeps a process alive.
 * An encoding streams: its samples go a block at a time (the block's buffer transferred, not
 * copied), the next only once the thread took the last, so neither thread holds a recording whole;
 * encodings waiting their turn hold nothing but their request. Encodings asked for under the same
 * key while one runs share it. If the thread dies, what it had is refused with
 * `Mp3EncodingUnavailable` and the next encoding starts a new thread.
 */
export class Mp3EncoderThread {
  private worker: Worker | undefined;
  private readonly waiters = new Map<number, Waiter>();
  private readonly shared = new Map<string, Promise<Uint8Array>>();
  private tail: Promise<unknown> = Promise.resolve();
  private queued = 0;
  private nextId = 0;
  private closed = false;
  /** Encodings the thread has finished since the start. */
  encodedCount = 0;
  private readonly maxQueued: number;
  private readonly youngGenerationMb: number | undefined;

  constructor(options: Mp3EncoderThreadOptions = {}) {
    this.maxQueued = options.maxQueued ?? 32;
    this.youngGenerationMb = 'youngGenerationMb' in options ? options.youngGenerationMb : ENCODER_YOUNG_GENERATION_MB;
  }

  /** The MP3 of `request` (resampled on the thread too); `key` (e.g. the file's hash) shares one encoding between callers. */
  encode(key: string, request: Mp3EncodingRequest): Promise<Uint8Array> {
    const running = this.shared.get(key);
    if (running) return running;
    const encoding = this.enqueue(request).finally(() => this.shared.delete(key));
    this.shared.set(key, encoding);
    return encoding;
  }

  /** Ends the thread; encodings still waiting are refused. */
  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    this.worker = undefined;
    this.failAll('the MP3 encoder was closed');
    if (worker) await worker.terminate();
  }

  /** The thread now running, if any (a test ends it to see an encoding refused and the next one work). */
  get thread(): Worker | undefined {
    return this.worker;
  }

  private enqueue(request: Mp3EncodingRequest): Promise<Uint8Array> {
    if (this.closed) return Promise.reject(new Mp3EncodingUnavailable('the MP3 encoder was closed'));
    if (this.queued >= this.maxQueued) return Promise.reject(new Mp3EncodingUnavailable(`${this.queued} encodings already waiting`));
    this.queued += 1;
    const turn = this.tail.then(() => this.run(request));
    this.tail = turn.catch(() => {});
    return turn.finally(() => {
      this.queued -= 1;
    });
  }

  private async run(request: Mp3EncodingRequest): Promise<Uint8Array> {
    if (this.closed) throw new Mp3EncodingUnavailable('the MP3 encoder was closed');
    const worker = this.worker ?? this.spawn();
    const id = (this.nextId += 1);
    const { sampleCount, sampleRate, mp3SampleRate, kbps } = request;
    worker.postMessage({ type: 'start', id, sampleCount, sampleRate, mp3SampleRate, kbps });
    // The thread hands each block's buffer back with its answer: the next block is copied into it.
    let spare: ArrayBuffer | undefined;
    const buffer = (length: number) => {
      const reused = spare && spare.byteLength >= length ? spare : new ArrayBuffer(BLOCK_BYTES);
      spare = undefined;
      return new Uint8Array(reused, 0, length);
    };
    try {
      for await (const block of evenBlocks(request.pcm, buffer)) {
        ({ bytes: spare } = await this.ask(worker, id, { type: 'block', id, bytes: block.buffer, length: block.length }, [block.buffer]));
      }
      const { mp3 } = await this.ask(worker, id, { type: 'end', id });
      if (!mp3) throw new Mp3EncodingUnavailable('the MP3 encoder failed: no output');
      this.encodedCount += 1;
      return mp3;
    } catch (error) {
      if (this.worker === worker) worker.postMessage({ type: 'abort', id });
      throw error;
    }
  }

  /** Posts one message of an encoding and waits for the thread's answer to it. */
  private ask(worker: Worker, id: number, message: object, transfer: ArrayBuffer[] = []): Promise<Reply> {
    if (this.worker !== worker) return Promise.reject(new Mp3EncodingUnavailable('the MP3 encoder thread stopped'));
    return new Promise<Reply>((resolve, reject) => {
      this.waiters.set(id, { resolve, reject });
      worker.postMessage(message, transfer);
    });
  }

  private spawn(): Worker {
    const worker = new Worker(new URL('./mp3EncodeWorker.mjs', import.meta.url), {
      ...(this.youngGenerationMb !== undefined ? { resourceLimits: { maxYoungGenerationSizeMb: this.youngGenerationMb } } : {}),
    });
    worker.unref();
    this.worker = worker;
    worker.on('message', (reply: Reply) => {
      const waiter = this.waiters.get(reply.id);
      if (!waiter) return;
      this.waiters.delete(reply.id);
      if (reply.error !== undefined) waiter.reject(new Mp3EncodingUnavailable(`the MP3 encoder failed: ${reply.error}`));
      else waiter.resolve(reply);
    });
    const lost = (why: string) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      this.failAll(`the MP3 encoder thread ${why}`);
    };
    worker.on('error', (error) => lost(`failed: ${error.message}`));
    worker.on('exit', (code) => lost(`stopped (exit code ${code})`));
    return worker;
  }

  private failAll(why: string): void {
    for (const waiter of this.waiters.values()) waiter.reject(new Mp3EncodingUnavailable(why));
    this.waiters.clear();
  }
}

/**
 * The bytes of `pcm` in blocks of an even length (a sample never split) and at most
 * `BLOCK_BYTES`, each copied into a buffer from `buffer` (at the start of an ArrayBuffer the thread
 * can be given outright: the Store's parts may share theirs, and the caller keeps what it yields).
 */
async function* evenBlocks(pcm: AsyncIterable<Uint8Array>, buffer: (length: number) => Uint8Array<ArrayBuffer>): AsyncGenerator<Uint8Array<ArrayBuffer>> {
  let odd: number | undefined;
  for await (const part of pcm) {
    for (let at = 0; at < part.length; ) {
      const take = Math.min(part.length - at, BLOCK_BYTES - (odd === undefined ? 0 : 1));
      const length = (take + (odd === undefined ? 0 : 1)) & ~1;
      if (length === 0) {
        odd = part[at];
        at += take;
        continue;
      }
      const block = buffer(length);
      let from = at;
      if (odd !== undefined) block[0] = odd;
      const offset = odd === undefined ? 0 : 1;
      block.set(part.subarray(from, from + length - offset), offset);
      from += length - offset;
      odd = from < at + take ? part[from] : undefined;
      at += take;
      yield block;
    }
  }
  if (odd !== undefined) throw new Mp3EncodingUnavailable('the samples end in half a sample');
}
