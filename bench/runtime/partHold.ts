/**
 * How long a new recording's store holds SQLite's write lock at once (what a call's turn write
 * waits at most behind it), paired in one process: ROUNDS times, 10 MiB of new bytes written in
 * one transaction (as before migration 36: `put` with the content) then in parts (`putAudio`,
 * each part its own commit of the group commit), alternately first. Per round: the one write's
 * time, and the slowest and median part's (each from its call to its commit). A throwaway file in
 * the temp directory, the store's own pragmas. Run from runtime/: `ROUNDS=5 npx tsx ../bench/runtime/partHold.ts`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../../runtime/src/store/sqlite/SqliteStore.ts';
import { contentKey } from '../../runtime/src/store/sqlite/audioTable.ts';

const ROUNDS = Number(process.env.ROUNDS ?? 5);
const BYTES = 10 * 1024 * 1024 - 1024;
const dir = mkdtempSync(join(tmpdir(), 'partHold-'));
const store = new SqliteStore(join(dir, 'griot.db'));
// The store's internals, for the one-piece write of before and the parts' own times.
const inner = store as unknown as {
  t: { audio: { put: (...args: unknown[]) => unknown } };
  batch: { write: <T>(run: () => T) => Promise<T> };
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

let seed = 0;
const fresh = () => {
  const bytes = Buffer.alloc(BYTES);
  seed += 1;
  for (let i = 0; i < BYTES; i += 4) bytes.writeUInt32LE((i * 2654435761 + seed) >>> 0, i);
  return bytes;
};
const describe = (name: string, bytes: Buffer) => ({ flowId: 'bench', name, contentType: 'audio/wav', bytes: bytes.length, sha256: contentKey(bytes), uploadedAt: new Date().toISOString() });

async function whole(round: number) {
  const bytes = fresh();
  const audio = describe(`fon/whole-${round}.wav`, bytes);
  const at = performance.now();
  await inner.batch.write(() => inner.t.audio.put(audio, { content: bytes }));
  return performance.now() - at;
}

async function inParts(round: number) {
  const bytes = fresh();
  const parts: number[] = [];
  const write = inner.batch.write.bind(inner.batch);
  // Each part's write timed from its call to its commit.
  inner.batch.write = async <T>(run: () => T) => {
    const at = performance.now();
    try {
      return await write(run);
    } finally {
      parts.push(performance.now() - at);
    }
  };
  const at = performance.now();
  try {
    await store.audio.putAudio(describe(`fon/parts-${round}.wav`, bytes), bytes);
  } finally {
    inner.batch.write = write;
  }
  return { totalMs: performance.now() - at, writes: parts.length, slowestMs: Math.max(...parts), medianMs: median(parts) };
}

try {
  for (let round = 0; round < ROUNDS; round += 1) {
    const load = loadavg()[0]!.toFixed(1);
    let wholeMs: number;
    let parted: Awaited<ReturnType<typeof inParts>>;
    if (round % 2 === 0) {
      wholeMs = await whole(round);
      parted = await inParts(round);
    } else {
      parted = await inParts(round);
      wholeMs = await whole(round);
    }
    console.log(
      JSON.stringify({
        round,
        first: round % 2 === 0 ? 'whole' : 'parts',
        wholeMs: Math.round(wholeMs),
        parts: { totalMs: Math.round(parted.totalMs), writes: parted.writes, slowestMs: +parted.slowestMs.toFixed(1), medianMs: +parted.medianMs.toFixed(1) },
        load,
      }),
    );
  }
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
