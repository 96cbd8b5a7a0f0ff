/** Worker threads for the benches' outside world (gateways, SMSCs, Meta, the operator), shared by every bench that runs one. */
import { Worker } from 'node:worker_threads';

/** A TypeScript worker: it registers tsx itself (the main thread's loader hooks do not reach workers on Node 20). */
export function tsWorker(file: URL, data: unknown): Worker {
  return new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(file.href)}); })`, { eval: true, workerData: data });
}

/** The worker's first message (it says it is ready, with its address), or its start-up error. */
export const firstMessage = <T>(worker: Worker) =>
  new Promise<T>((resolve, reject) => {
    worker.once('error', reject);
    worker.once('message', resolve);
  });

/** Request and answer over a worker's messages: each command carries an id, the answer `{ id, result }`. */
export function askerOf(worker: Worker): <R>(command: object) => Promise<R> {
  let commands = 0;
  return <R>(command: object) => {
    const id = ++commands;
    return new Promise<R>((resolve) => {
      const listen = (m: { id?: number; result: R }) => {
        if (m.id !== id) return;
        worker.off('message', listen);
        resolve(m.result);
      };
      worker.on('message', listen);
      worker.postMessage({ ...command, id });
    });
  };
}
