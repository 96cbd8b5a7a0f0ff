// Starts the analytics roll-up's thread (`rollUpThread.ts`). Plain JavaScript, as a worker needs
// no loader for it: from the sources (tests, `tsx`), the TypeScript module is loaded through tsx.
import { workerData } from 'node:worker_threads';

const url = new URL(workerData.module);
if (url.pathname.endsWith('.ts')) {
  const { tsImport } = await import('tsx/esm/api');
  await tsImport(url.href, import.meta.url);
} else await import(url.href);
