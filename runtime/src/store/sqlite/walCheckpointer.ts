import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';

export interface WalCheckpointer {
  stop(): Promise<void>;
}

/**
 * Moves WAL checkpoints off the request path: the main connection stops checkpointing on
 * commit, and a worker thread checkpoints every `intervalMs`. If the worker fails, the main
 * connection takes checkpoints back so the WAL never grows without bound.
 */
export function startWalCheckpointer(db: Database.Database, path: string, intervalMs = 1000): WalCheckpointer {
  const worker = new Worker(new URL('./checkpointWorker.mjs', import.meta.url), { workerData: { path, intervalMs } });
  worker.unref();
  db.pragma('wal_autocheckpoint = 0');
  let stopping = false;
  const takeBack = () => {
    if (db.open) db.pragma('wal_autocheckpoint = 1000');
  };
  worker.on('error', takeBack);
  worker.on('exit', () => {
    if (!stopping) takeBack();
  });
  return {
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
