import { ConfigError, loadConfig, type Config } from './config.ts';
import { createLogger } from './logger.ts';
import { applyHeapGrowth } from './memory/heapGrowth.ts';
import { startServer } from './server.ts';
import { installProcessGuards } from './processGuards.ts';
import { DependencyError } from './errors.ts';
import { storeFailureCause } from './api/storeUnavailable.ts';
import { withoutCredentials } from './store/mongo/mongoUriShown.ts';

/** How long a shutdown after an uncaught exception may take beyond the drain before the process exits anyway. */
const FAULT_SHUTDOWN_GRACE_MS = 30_000;

/**
 * What `serve` (main.ts) runs: reads the environment, starts the server, stops it gracefully on
 * SIGTERM or SIGINT, and guards the process against stray rejections and exceptions
 * (processGuards.ts). Returns 0 once it listens, 78 for a setting the operator must fix, 69 when
 * the store cannot be reached (a service manager starts it again: the store may be coming up too).
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
    // One line naming the server by host (no stack trace, no password): operations must act.
    if (error instanceof DependencyError && error.code === 'store_unreachable') {
      process.stderr.write(`griot cannot start: MONGODB_URI: ${error.message}\n`);
      return 69; // EX_UNAVAILABLE
    }
    // The store lost after it opened (MongoDB gone before listening, a disk full during the first
    // writes): the same one line and exit 69, by the store's cause code, not a stack trace.
    const cause = storeFailureCause(error);
    if (cause) {
      const said = error instanceof Error ? error.message : String(error);
      const shown = config.mongodbUri ? withoutCredentials(said, config.mongodbUri) : said.slice(0, 300);
      process.stderr.write(`griot cannot start: the ${config.mongodbUri ? 'MongoDB' : 'SQLite'} store failed during start-up (${cause}: ${shown.replace(/\s+/g, ' ')})\n`);
      return 69; // EX_UNAVAILABLE
    }
    throw error;
  }
  // Info lines wait up to LOG_FLUSH_MS to be written together: exit once the last is written.
  const exit = (code: number) => logger.flush(() => process.exit(code));
  /** The exit code once stopped: the worst asked for (a signal during a fault's shutdown does not turn it into a clean exit). */
  let exitCode: number | undefined;
  const stop = (signal: string, code = 0) => {
    const first = exitCode === undefined;
    exitCode = Math.max(exitCode ?? 0, code);
    if (!first) return;
    logger.info({ signal }, 'shutting down');
    server.close().then(
      () => exit(exitCode ?? 0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        exit(Math.max(exitCode ?? 0, 1));
      },
    );
  };
  // Not `stop` itself: a signal's listener is also given the signal's number.
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  installProcessGuards({
    logger,
    count: (fault) => server.services.metrics.processFault(fault),
    shutdown: (fault, code) => {
      stop(fault, code);
      // A shutdown stuck on what the fault left half-done must not keep a broken process up.
      setTimeout(() => exit(code), config.cluster.drainMs + FAULT_SHUTDOWN_GRACE_MS).unref();
    },
  });
  return 0;
}
