/**
 * What the recordings benches share (duplicateStall.ts, duplicateLarge.ts, uploadStall.ts): a flow
 * playing many recordings, filled straight in the store, and how long an action holds the event
 * loop of the server's process (every call it serves waits that long).
 */
import { createHash } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';

/** `base` (a `fonWelcomeFlow`) made to play `names` one after the other. */
export function catalogueFlow<T extends object>(base: T, names: readonly string[]) {
  return {
    ...base,
    name: 'Catalogue',
    nodes: [
      { id: 'start', type: 'start' },
      ...names.map((audio, i) => ({ id: `m${i}`, type: 'message', prompt: { fon: { audio }, fr: { text: `Message ${i}.` } } })),
      { id: 'bye', type: 'end', reason: 'done' },
    ],
    edges: [
      { id: 'e0', source: 'start', output: 'next', target: 'm0' },
      ...names.map((_, i) => ({ id: `e${i + 1}`, source: `m${i}`, output: 'next', target: i + 1 < names.length ? `m${i + 1}` : 'bye' })),
    ],
  };
}

interface Seedable {
  services: { audio: { describe(flowId: string, name: string, bytes: Uint8Array): object } };
  store: { audio: { putAudio(audio: never, content: Uint8Array): Promise<unknown> } };
}

/** A file of `bytes` under each name of `flowId`, each its own content (a WAV header, then its index), put in the store directly. */
export async function seedRecordings(server: Seedable, flowId: string, names: readonly string[], bytes: number, wav: Buffer): Promise<void> {
  const header = wav.subarray(0, 44);
  for (const [i, name] of names.entries()) {
    const body = Buffer.alloc(bytes, i);
    header.copy(body);
    // Described by a short WAV; the store (SQLite since rev27b, MongoDB too) takes the size and SHA-256 from the body.
    const described = server.services.audio.describe(flowId, name, wav) as { bytes: number; sha256: string };
    await server.store.audio.putAudio({ ...described, bytes: body.length, sha256: createHash('sha256').update(body).digest('hex') } as never, body);
  }
}

export interface Stall<T> {
  value: T;
  /** From the action's start to its end. */
  ms: number;
  /** A 5 ms `setInterval`'s latest tick past its time. */
  intervalLateMaxMs: number;
  eventLoopDelayMs: { p50: number; p99: number; max: number };
  /** `/healthz` round trips every 20 ms meanwhile: how many, the slowest. */
  healthz: { n: number; max: number };
}

/** Runs `action` with the meters on, only for its time. */
export async function measureStall<T>(url: string, action: () => Promise<T>): Promise<Stall<T>> {
  const delay = monitorEventLoopDelay({ resolution: 5 });
  let last = performance.now();
  let lateMax = 0;
  const tick = setInterval(() => {
    const now = performance.now();
    lateMax = Math.max(lateMax, now - last - 5);
    last = now;
  }, 5);
  let running = true;
  const trips: number[] = [];
  const pinging = (async () => {
    while (running) {
      const at = performance.now();
      await fetch(`${url}/healthz`).then((r) => r.arrayBuffer());
      trips.push(performance.now() - at);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  delay.enable();
  const started = performance.now();
  let value: T;
  let ms: number;
  try {
    value = await action();
    ms = performance.now() - started;
  } finally {
    running = false;
    delay.disable();
    clearInterval(tick);
    await pinging;
  }
  return {
    value,
    ms: Math.round(ms),
    intervalLateMaxMs: Math.round(lateMax),
    eventLoopDelayMs: { p50: Math.round(delay.percentile(50) / 1e6), p99: Math.round(delay.percentile(99) / 1e6), max: Math.round(delay.max / 1e6) },
    healthz: { n: trips.length, max: Math.round(Math.max(0, ...trips)) },
  };
}
