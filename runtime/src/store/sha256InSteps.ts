import { createHash } from 'node:crypto';

/** About half a millisecond of hashing per step on this machine's cores (10 MiB: 20 steps). */
const STEP_BYTES = 512 * 1024;

/**
 * The SHA-256 (hex) of `content`, hashed a slice at a time with the event loop let go between
 * slices: 10 MiB hashed in one call held it 6–28 ms (bench/README.md, rev27b), every call the
 * server serves waiting that long. The MongoDB store's puts (its uploads stream to GridFS anyway);
 * SQLite's before it writes the bytes in parts (SqliteStore.putAudio).
 */
export async function sha256InSteps(content: Uint8Array): Promise<string> {
  const hash = createHash('sha256');
  for (let at = 0; at < content.byteLength; at += STEP_BYTES) {
    if (at > 0) await new Promise<void>((resolve) => setImmediate(resolve));
    hash.update(content.subarray(at, at + STEP_BYTES));
  }
  return hash.digest('hex');
}
