import { ConfigError, loadConfig, type Config } from './config.ts';
import { createLogger } from './logger.ts';
import { applyHeapGrowth } from './memory/heapGrowth.ts';
import { startServer } from './server.ts';

/**
 * What `serve` (main.ts) runs: reads the environment, starts the server, stops it gracefully on
 * SIGTERM or SIGINT. Returns 0 once it listens, 78 for a setting the operator must fix.
 */
export async function startServing(env: Record<string, string | undefined>): Promise<number> {
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
  // Info lines wait up to LOG_FLUSH_MS to be written together: exit once the last is written.
  const exit = (code: number) => logger.flush(() => process.exit(code));
  const stop = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    server.close().then(
      () => exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  return 0;
}
