import { closeSync, openSync, readSync } from 'node:fs';

/** Where a database's WAL ends: its last committed frame, and its generation (the salts change when it starts over). */
export interface WalPosition {
  frames: number;
  salts: string;
}

function read(file: string, offset: number, length: number): Buffer {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(length);
    readSync(fd, buffer, 0, length, offset);
    return buffer;
  } finally {
    closeSync(fd);
  }
}

/** From the wal-index header (`<path>-shm`, in this machine's byte order): `mxFrame` and the salts. */
export function walPosition(path: string): WalPosition {
  const header = read(`${path}-shm`, 0, 48);
  return { frames: header.readUInt32LE(16), salts: header.subarray(32, 40).toString('hex') };
}

/**
 * The pages the commits since `from` wrote to the WAL of the database at `path`, one per frame
 * (a page two commits wrote counts twice), for tests and benchmarks that bound or count what a
 * piece of work costs the disk: each frame is a page-sized write, and later a checkpoint's copy.
 * When the WAL started over meanwhile, only the frames of its new generation are known.
 */
export function pagesWrittenSince(path: string, from: WalPosition): number[] {
  const to = walPosition(path);
  const first = to.salts === from.salts ? from.frames : 0;
  const pageSize = read(`${path}-wal`, 8, 4).readUInt32BE(0);
  const pages: number[] = [];
  for (let frame = first + 1; frame <= to.frames; frame += 1) pages.push(read(`${path}-wal`, 32 + (frame - 1) * (24 + pageSize), 4).readUInt32BE(0));
  return pages;
}
