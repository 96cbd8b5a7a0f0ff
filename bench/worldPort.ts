/**
 * How a bench's outside world (a gateway, an SMSC, Meta, the operator) hears its bench and
 * answers, whether it runs in a worker thread (`tsWorker`) or in a process of its own
 * (`tsProcess`): the same messages either way.
 */
import { parentPort, workerData } from 'node:worker_threads';

export interface WorldPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (message: any) => void): unknown;
  /** No more messages: a worker's port closes, a process disconnects (and exits once idle). */
  close(): void;
}

/** Sent to the bench: closing waits for it (a process that disconnects at once can lose its last answer). */
let sent: Promise<void> = Promise.resolve();
const processPort: WorldPort = {
  postMessage: (message) => {
    sent = new Promise((resolve) => process.send?.(message as object, undefined, undefined, () => resolve()) ?? resolve());
  },
  on: (_event, listener) => process.on('message', listener),
  close: () => void sent.then(() => process.disconnect?.()),
};

const threadPort = parentPort;
export const worldPort: WorldPort = threadPort
  ? { postMessage: (message) => threadPort.postMessage(message), on: (event, listener) => threadPort.on(event, listener), close: () => threadPort.close() }
  : processPort;

/** What the bench gave this world to start with. */
export const worldData: unknown = parentPort ? workerData : JSON.parse(process.env.BENCH_WORLD_DATA ?? 'null');
