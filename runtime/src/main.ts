// First: holds V8's young generation small while the rest loads (see the module).
import { growYoungGenerationWithTraffic, releaseYoungGeneration } from './youngGenerationAtStart.ts';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { createLogger } from './logger.ts';
import { startServer } from './server.ts';

/**
 * `npm start` / `griot serve`: reads the environment, starts the server, and shuts down
 * gracefully on SIGTERM or SIGINT (stop accepting, finish in-flight requests, close the store).
 */
export async function serve(env: Record<string, string | undefined> = process.env): Promise<number> {
  let code = 1;
  try {
    code = await start(env);
    return code;
  } finally {
    // Listening: the young generation grows with the traffic; not started: as usual, at once.
    if (code === 0) growYoungGenerationWithTraffic();
    else releaseYoungGeneration();
  }
}

async function start(env: Record<string, string | undefined>): Promise<number> {
  let config: Config;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`griot cannot start: ${error.message}\n`);
      return 78; // EX_CONFIG
    }
    throw error;
  }
  const logger = createLogger(config);
  let server: Awaited<ReturnType<typeof startServer>>;
  try {
    server = await startServer(config, { logger });
  } catch (error) {
    // Found only when acting on it (DATA_DIR not writable): still the operator's setting to fix.
    if (error instanceof ConfigError) {
      process.stderr.write(`griot cannot start: ${error.message}\n`);
      return 78;
    }
    throw error;
  }
  const stop = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  return 0;
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
