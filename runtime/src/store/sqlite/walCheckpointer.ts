import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';

export interface WalCheckpointer {
  /** Settles once the worker has its connection open (or has failed to). */
  readonly ready: Promise<void>;
  stop(): Promise<void>;
}

/**
 * Moves WAL checkpoints off the request path: the main connection stops checkpointing on
 * commit, and a worker thread checkpoints every `intervalMs`, starting the WAL over once it
 * holds `restartFrames` pages (SQLite's own autocheckpoint threshold: about 4 MiB). If the
 * worker fails, the main connection takes checkpoints back so the WAL never grows without bound.
 */
export function startWalCheckpointer(db: Database.Database, path: string, intervalMs = 1000, restartFrames = 1000): WalCheckpointer {
  const worker = new Worker(new URL('./checkpointWorker.mjs', import.meta.url), { workerData: { path, intervalMs, restartFrames } });
  worker.unref();
  db.pragma('wal_autocheckpoint = 0');
  let stopping = false;
  const takeBack = () => {
    if (db.open) db.pragma('wal_autocheckpoint = 1000');
  };
  const ready = new Promise<void>((resolve) => {
    worker.once('message', () => resolve());
    worker.once('error', () => resolve());
    worker.once('exit', () => resolve());
  });
  worker.on('error', takeBack);
  worker.on('exit', () => {
    if (!stopping) takeBack();
  });
  return {
    ready,
    async stop() {
      stopping = true;
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      worker.postMessage('stop');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 2000))]);
      await worker.terminate();
      takeBack();
    },
  };
}
