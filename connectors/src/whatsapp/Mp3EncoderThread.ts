import { Worker } from 'node:worker_threads';

/** Why an encoding did not happen: the thread died or failed, or too many encodings were waiting. */
export class Mp3EncodingUnavailable extends Error {}

export interface Mp3EncoderThreadOptions {
  /** Encodings queued or running at most; one more is refused at once rather than piling up. */
  maxQueued?: number;
}

/** What to encode: mono 16-bit little-endian PCM at `sampleRate`, to MP3 at `mp3SampleRate` and `kbps`. */
export interface Mp3EncodingRequest {
  samples: Uint8Array;
  sampleRate: number;
  mp3SampleRate: number;
  kbps: number;
}

interface Job {
  resolve: (mp3: Uint8Array) => void;
  reject: (error: Error) => void;
}

/**
 * MP3 encoding on one worker thread (`mp3EncodeWorker.mjs`), so a prompt's seconds of CPU never
 * stall the event loop that answers callers. The thread starts with the first encoding, does one
 * at a time in order, and is ended by `close()`; it is unref'd, so it never keeps a process alive.
 * Encodings asked for under the same key while one runs share it. If the thread dies, what it had
 * is refused with `Mp3EncodingUnavailable` and the next encoding starts a new thread.
 */
export class Mp3EncoderThread {
  private worker: Worker | undefined;
  private readonly jobs = new Map<number, Job>();
  private readonly shared = new Map<string, Promise<Uint8Array>>();
  private nextId = 0;
  private closed = false;
  /** Encodings the thread has finished since the start. */
  encodedCount = 0;
  private readonly maxQueued: number;

  constructor(options: Mp3EncoderThreadOptions = {}) {
    this.maxQueued = options.maxQueued ?? 32;
  }

  /** The MP3 of `request` (resampled on the thread too); `key` (e.g. the file's hash) shares one encoding between callers. */
  encode(key: string, request: Mp3EncodingRequest): Promise<Uint8Array> {
    const running = this.shared.get(key);
    if (running) return running;
    const encoding = this.start(request).finally(() => this.shared.delete(key));
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

  private start(request: Mp3EncodingRequest): Promise<Uint8Array> {
    if (this.closed) return Promise.reject(new Mp3EncodingUnavailable('the MP3 encoder was closed'));
    if (this.jobs.size >= this.maxQueued) return Promise.reject(new Mp3EncodingUnavailable(`${this.jobs.size} encodings already waiting`));
    const worker = this.worker ?? this.spawn();
    const id = (this.nextId += 1);
    return new Promise<Uint8Array>((resolve, reject) => {
      this.jobs.set(id, { resolve, reject });
      // The samples are copied to the thread (a memcpy): the caller's buffer stays its own.
      worker.postMessage({ id, ...request });
    });
  }

  private spawn(): Worker {
    const worker = new Worker(new URL('./mp3EncodeWorker.mjs', import.meta.url));
    worker.unref();
    this.worker = worker;
    worker.on('message', (message: { id: number; mp3?: Uint8Array; error?: string }) => {
      const job = this.jobs.get(message.id);
      if (!job) return;
      this.jobs.delete(message.id);
      if (message.mp3) {
        this.encodedCount += 1;
        job.resolve(message.mp3);
      } else job.reject(new Mp3EncodingUnavailable(`the MP3 encoder failed: ${message.error ?? 'no output'}`));
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
    for (const job of this.jobs.values()) job.reject(new Mp3EncodingUnavailable(why));
    this.jobs.clear();
  }
}
