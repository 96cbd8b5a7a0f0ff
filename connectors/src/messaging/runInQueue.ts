import type { KeyedQueue } from '../channel/KeyedQueue.ts';

/**
 * Runs `task` in a conversation's queue, so it never overtakes what is being sent there, and
 * resolves with its result. Rejects with `busyMessage` when the queue is full.
 */
export function runInQueue<T>(queue: KeyedQueue, key: string, task: () => Promise<T>, busyMessage: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const queued = queue.tryRun(key, async () => {
      try {
        resolve(await task());
      } catch (error) {
        reject(error);
      }
    });
    if (!queued) reject(new Error(busyMessage));
  });
}
