/** Worker threads for the benches' outside world (gateways, SMSCs, Meta, the operator), shared by every bench that runs one. */
import { fork, type Serializable } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/** A TypeScript worker: it registers tsx itself (the main thread's loader hooks do not reach workers on Node 20). */
export function tsWorker(file: URL, data: unknown): Worker {
  return new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(file.href)}); })`, { eval: true, workerData: data });
}

/** The worker's first message (it says it is ready, with its address), or its start-up error. */
export const firstMessage = <T>(worker: Worker | World) =>
  new Promise<T>((resolve, reject) => {
    worker.once('error', reject);
    worker.once('message', resolve);
  });

/** Request and answer over a worker's messages: each command carries an id, the answer `{ id, result }`. */
export function askerOf(worker: Worker | World): <R>(command: object) => Promise<R> {
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

/** What `askerOf` and `firstMessage` need of a world, in a worker thread or a process. */
export interface World {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (message: never) => void): unknown;
  off(event: 'message', listener: (message: never) => void): unknown;
  once(event: 'message' | 'error', listener: (value: never) => void): unknown;
  terminate(): Promise<unknown>;
}

/**
 * A TypeScript world in a process of its own (`bench/worldPort.ts` on its side): as far from
 * Griot's process as the real gateway or operator, so that neither its heap's collections (run
 * partly on V8's helper threads, which a process's isolates share) nor its loader's work run in
 * Griot's process. It still shares the machine's cores, as any load generator on this machine.
 */
export function tsProcess(file: URL, data: unknown): World {
  const child = fork(fileURLToPath(file), [], {
    execArgv: ['--import', 'tsx'],
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    env: { ...process.env, BENCH_WORLD_DATA: JSON.stringify(data) },
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return {
    postMessage: (message: unknown) => child.send(message as Serializable),
    on: (event: 'message', listener: (message: never) => void) => child.on(event, listener as (message: unknown) => void),
    off: (event: 'message', listener: (message: never) => void) => child.off(event, listener as (message: unknown) => void),
    once: (event: 'message' | 'error', listener: (value: never) => void) => child.once(event, listener as (value: unknown) => void),
    terminate: () => (child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', resolve).kill())),
  };
}
