/**
 * `SERVER_NODE_ARGS="--require $PWD/bench/voice/walFrames.cjs" node bench/voice/serialPaired.mjs …`
 * (not in `npm run bench`): the pages each commit writes to the write-ahead log, read from the
 * WAL file itself. Every 2 s the server's main thread reads `$DATA_DIR/griot.db-wal` (or
 * `GRIOT_SQLITE_PATH`-wal), takes the frames of its current generation (the header's salts),
 * splits them into transactions at each commit frame, and names each page's b-tree (table or
 * index, from SQLite's `dbstat`, read once the schema is there). Transactions already seen are
 * not counted twice (the WAL's checkpoint counter and the frame index); a checkpoint that starts
 * the WAL over between two reads loses the transactions written meanwhile, nothing else. Writes
 * `$WAL_FRAMES_DIR/wal-frames.<pid>.json` (default the system's temporary directory): commits
 * seen, their frames' distribution, per b-tree the pages written per commit, and the commonest
 * shapes (the b-trees one commit wrote, a name twice for two of its pages).
 */
const { isMainThread } = require('node:worker_threads');
const { openSync, readSync, fstatSync, closeSync, writeFileSync, existsSync } = require('node:fs');
const { join } = require('node:path');
const { tmpdir } = require('node:os');

if (isMainThread) {
  const dbPath = process.env.GRIOT_SQLITE_PATH ?? join(process.env.DATA_DIR ?? 'data', 'griot.db');
  const walPath = `${dbPath}-wal`;
  const out = join(process.env.WAL_FRAMES_DIR ?? tmpdir(), `wal-frames.${process.pid}.json`);
  const bySize = new Map();
  const byTree = new Map();
  /** The b-trees a commit wrote (sorted, a page more of one repeated): how many commits wrote just those. */
  const shapes = new Map();
  let commits = 0;
  let frames = 0;
  let seenSalt = '';
  let seenFrames = 0;
  let names = null;
  let namesAt = 0;

  const pageNames = () => {
    // Read with a connection of our own, read-only: the page → b-tree map changes as tables grow, so now and then.
    if (names && Date.now() - namesAt < 1_000) return names;
    try {
      const Database = require(require.resolve('better-sqlite3', { paths: [process.cwd(), join(process.cwd(), 'runtime')] }));
      const db = new Database(dbPath, { readonly: true, fileMustExist: true });
      names = new Map(db.prepare('SELECT pageno, name FROM dbstat').raw().all());
      db.close();
      namesAt = Date.now();
    } catch {
      names = names ?? new Map();
    }
    return names;
  };

  const read = () => {
    if (!existsSync(walPath)) return;
    const fd = openSync(walPath, 'r');
    try {
      const size = fstatSync(fd).size;
      if (size < 32) return;
      const header = Buffer.alloc(32);
      readSync(fd, header, 0, 32, 0);
      const pageSize = header.readUInt32BE(8);
      const salt = `${header.readUInt32BE(12)}:${header.readUInt32BE(16)}:${header.readUInt32BE(20)}`;
      if (salt !== seenSalt) {
        seenSalt = salt;
        seenFrames = 0;
      }
      const frameSize = 24 + pageSize;
      const count = Math.floor((size - 32) / frameSize);
      const frameHeader = Buffer.alloc(24);
      const map = pageNames();
      let pending = [];
      let index = 0;
      for (; index < count; index += 1) {
        readSync(fd, frameHeader, 0, 24, 32 + index * frameSize);
        // A frame of an older generation (past the last commit of this one): the end of this one.
        if (frameHeader.readUInt32BE(8) !== header.readUInt32BE(16) || frameHeader.readUInt32BE(12) !== header.readUInt32BE(20)) break;
        pending.push(frameHeader.readUInt32BE(0));
        if (frameHeader.readUInt32BE(4) !== 0) {
          if (index >= seenFrames) {
            commits += 1;
            frames += pending.length;
            bySize.set(pending.length, (bySize.get(pending.length) ?? 0) + 1);
            const written = [];
            for (const page of pending) {
              const name = map.get(page) ?? `page ${page > 9 ? 'new' : page}`;
              written.push(name);
              byTree.set(name, (byTree.get(name) ?? 0) + 1);
            }
            const shape = written.sort().join(' ');
            shapes.set(shape, (shapes.get(shape) ?? 0) + 1);
          }
          pending = [];
        }
      }
      seenFrames = Math.max(seenFrames, index - pending.length);
    } finally {
      closeSync(fd);
    }
    const trees = [...byTree].sort((a, b) => b[1] - a[1]).map(([name, n]) => ({ name, perCommit: Math.round((n / commits) * 100) / 100 }));
    writeFileSync(out, JSON.stringify({ commits, framesPerCommit: Math.round((frames / commits) * 100) / 100, bySize: Object.fromEntries([...bySize].sort((a, b) => a[0] - b[0])), trees, shapes: [...shapes].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([shape, n]) => ({ n, shape })) }, null, 1));
  };
  setInterval(() => {
    try {
      read();
    } catch {
      // The WAL truncated under the read: the next one.
    }
  }, 2000).unref();
}
