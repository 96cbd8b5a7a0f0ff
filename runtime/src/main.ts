// First: holds V8's young generation small while the rest loads (see the module).
import { growYoungGenerationWithTraffic, releaseYoungGeneration } from './memory/youngGenerationAtStart.ts';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * `npm start` / `griot serve`: reads the environment, starts the server, and shuts down
 * gracefully on SIGTERM or SIGINT (stop accepting, finish in-flight requests, close the store).
 */
export async function serve(env: Record<string, string | undefined> = process.env): Promise<number> {
  let code = 1;
  try {
    // The server's modules are loaded only now, once the young generation is held (their
    // parsing allocates too): nothing else is imported statically here.
    const { startServing } = await import('./startServing.ts');
    code = await startServing(env);
    return code;
  } finally {
    // Listening: the young generation grows with the traffic; not started: as usual, at once.
    if (code === 0) growYoungGenerationWithTraffic();
    else releaseYoungGeneration();
  }
}

// Run when executed directly (`node dist/main.js`, what `npm start` runs, or `tsx src/main.ts`),
// not when imported by the CLI.
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  try {
    const code = await serve();
    if (code !== 0) process.exit(code);
  } catch (error) {
    process.stderr.write(`griot cannot start: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  }
}
