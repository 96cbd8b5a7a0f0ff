import type { Logger } from './logger.ts';

export type ProcessFault = 'unhandledRejection' | 'uncaughtException';

/** The exit code after an uncaught exception (EX_SOFTWARE): a bug, and the service manager restarts Griot. */
export const UNCAUGHT_EXIT_CODE = 70;

export interface ProcessGuardDeps {
  logger: Logger;
  /** Counts each fault (griot_process_faults_total). */
  count(fault: ProcessFault): void;
  /** The graceful shutdown (unready, drain, stop accepting, finish, close the store), then exit with `code`. */
  shutdown(reason: ProcessFault, code: number): void;
  /** The process to guard; tests pass a stand-in. */
  target?: Pick<NodeJS.Process, 'on' | 'off'>;
}

/**
 * What a log line may say of a thrown value: an error's class, code, message and stack, never
 * its other properties (an HTTP client's error can carry the response, with a PUK code), and of
 * anything else only its type (a rejected value can be a whole session). The logger then censors
 * credentials as on every line.
 */
export function loggableFault(value: unknown): Record<string, unknown> {
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    return { type: value.name, ...(typeof code === 'string' ? { code } : {}), message: value.message, stack: value.stack };
  }
  return { type: value === null ? 'null' : typeof value === 'object' ? (value.constructor?.name ?? 'Object') : typeof value };
}

/**
 * The server process's last line of defence, installed by `griot serve` only (startServing.ts).
 * Without it one stray rejected promise anywhere (a look-up's check, a channel's reply) makes
 * Node exit and drops every live call, USSD session and chat on the instance. A rejection nobody
 * handled is a bug, but it left nothing half-done that the next request depends on: it is logged,
 * counted, and the server goes on. An uncaught exception stopped code in the middle of what it
 * was doing (a lock held, a turn half applied): it is logged and counted, then Griot shuts down
 * the graceful way, exiting non-zero so that the service manager starts a fresh process.
 * Returns the uninstaller.
 */
export function installProcessGuards(deps: ProcessGuardDeps): () => void {
  const target = deps.target ?? process;
  const onRejection = (reason: unknown) => {
    deps.count('unhandledRejection');
    deps.logger.error({ event: 'process.unhandledRejection', fault: loggableFault(reason) }, 'a promise was rejected and nobody handled it (a bug): logged, the server goes on');
  };
  const onException = (error: unknown, origin: string) => {
    deps.count('uncaughtException');
    deps.logger.error({ event: 'process.uncaughtException', origin, fault: loggableFault(error) }, 'uncaught exception (a bug): the state may be inconsistent, shutting down gracefully');
    deps.shutdown('uncaughtException', UNCAUGHT_EXIT_CODE);
  };
  target.on('unhandledRejection', onRejection);
  target.on('uncaughtException', onException);
  return () => {
    target.off('unhandledRejection', onRejection);
    target.off('uncaughtException', onException);
  };
}
