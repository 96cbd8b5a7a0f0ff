// The analytics roll-up on its own thread and connection (`analyticsRollUp.ts` starts it, through
// `rollUpWorker.mjs`): reading the facts' rows back, parsing and folding them costs the event
// loop that answers callers nothing.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { createAnalyticsTables } from './analyticsTables.ts';

const db = new Database((workerData as { path: string }).path);
// The main connection migrated the file; this one waits for the write lock on its own thread.
db.pragma('busy_timeout = 5000');
const tables = createAnalyticsTables(db);

parentPort!.on('message', (message: { id: number; limit: number } | 'stop') => {
  if (message === 'stop') {
    db.close();
    parentPort!.close();
    return;
  }
  try {
    parentPort!.postMessage({ id: message.id, folded: tables.rollUp(message.limit) });
  } catch (error) {
    parentPort!.postMessage({ id: message.id, error: (error as Error).message });
  }
});
parentPort!.postMessage('ready');
