import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { createLogger } from './logger.ts';
import { applyHeapGrowth } from './memory/heapGrowth.ts';
import { startServer } from './server.ts';

/**
 * `npm start` / `griot serve`: reads the environment, starts the server, and shuts down
 * gracefully on SIGTERM or SIGINT (stop accepting, finish in-flight requests, close the store).
 */
export async function serve(env: Record<string, string | undefined> = process.env): Promise<number> {
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
  // Here rather than in startServer: a process setting, for the server process only (not tests, not other CLI commands).
  logger.info(applyHeapGrowth(config.heapGrowthPercent), 'heap');
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
