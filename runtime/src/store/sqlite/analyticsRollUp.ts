import { Worker } from 'node:worker_threads';

export interface RollUpThread {
  /** Folds up to `limit` fact rows past the watermark on the thread; how many. */
  rollUp(limit: number): Promise<number>;
  stop(): Promise<void>;
}

type Reply = { id: number; folded: number } | { id: number; error: string };

/**
 * The analytics roll-up of a database file on a worker thread with its own connection (issue 14,
 * ninth pass): a turn only writes its facts' row, and the thread reads the rows back, parses and
 * folds them, and adds the counters in a short transaction of its own. Started on the first
 * roll-up. If the thread cannot start or dies, `fallback` (the same roll-up on the caller's
 * connection) does the work, so folding never stops.
 */
export function rollUpThread(path: string, fallback: (limit: number) => number): RollUpThread {
  let worker: Worker | null = null;
  let dead = false;
  let next = 0;
  const pending = new Map<number, { resolve: (folded: number) => void; reject: (error: Error) => void; limit: number }>();

  const gone = () => {
    dead = true;
    worker = null;
    // Those waiting get the roll-up done here.
    for (const [id, p] of pending) {
      pending.delete(id);
      try {
        p.resolve(fallback(p.limit));
      } catch (error) {
        p.reject(error as Error);
      }
    }
  };
  const start = () => {
    const module = new URL(import.meta.url.endsWith('.ts') ? './rollUpThread.ts' : './rollUpThread.js', import.meta.url).href;
    const w = new Worker(new URL('./rollUpWorker.mjs', import.meta.url), { workerData: { path, module } });
    // Held only while a roll-up waits for it: an idle thread never keeps the process alive.
    w.unref();
    w.on('message', (reply: Reply | 'ready') => {
      if (reply === 'ready') return;
      const p = pending.get(reply.id);
      if (!p) return;
      pending.delete(reply.id);
      if (pending.size === 0) w.unref();
      if ('error' in reply) p.reject(new Error(reply.error));
      else p.resolve(reply.folded);
    });
    w.on('error', gone);
    w.on('exit', gone);
    return w;
  };

  return {
    rollUp(limit) {
      if (dead) return Promise.resolve().then(() => fallback(limit));
      worker ??= start();
      const w = worker;
      const id = (next += 1);
      return new Promise<number>((resolve, reject) => {
        pending.set(id, { resolve, reject, limit });
        w.ref();
        w.postMessage({ id, limit });
      });
    },
    async stop() {
      dead = true;
      const w = worker;
      worker = null;
      if (!w) return;
      w.off('exit', gone);
      w.off('error', gone);
      const exited = new Promise<void>((resolve) => w.once('exit', () => resolve()));
      w.postMessage('stop');
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, 2000)))]);
      clearTimeout(timer);
      await w.terminate();
      // A roll-up still waiting is done here, before the caller's connection closes.
      gone();
    },
  };
}
