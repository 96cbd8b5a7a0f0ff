import { afterAnswer } from '@griot/connectors';
import { pino, type Logger, type DestinationStream } from 'pino';
import { BatchedLogDestination } from './BatchedLogDestination.ts';
import type { Config } from './config.ts';

export type { Logger };

/** Keys whose values never reach the log, at the top of a line's object or one level down. */
const REDACTED_KEYS = ['password', 'token', 'authorization', 'cookie'] as const;
const CENSOR = '[redacted]';

/** A copy of `value` (same prototype, own properties including an error's message and stack) with `keys` censored. */
function censored(value: object, keys: readonly string[]): object {
  const copy = Object.create(Object.getPrototypeOf(value)) as Record<string, unknown>;
  Object.defineProperties(copy, Object.getOwnPropertyDescriptors(value));
  for (const key of keys) copy[key] = CENSOR;
  return copy;
}

function redactedKeysOf(value: object): string[] | undefined {
  let found: string[] | undefined;
  for (const key of REDACTED_KEYS) if (Object.hasOwn(value, key)) (found ??= []).push(key);
  return found;
}

/**
 * The line's object with credentials one level down censored (`headers.authorization`, an
 * error's `token`): four own-property checks per object value, and the object is copied only
 * when something is censored (never the caller's object changed). The same keys at the top of
 * a line or of a child logger's bindings are pino's own per-key `redact` paths, which cost
 * nothing for other keys. pino's wildcard paths (`*.password`) did the same job by running its
 * path matcher over every value of every line, parsing each path again each time: issue 17
 * found it the largest allocation of a saturated server.
 */
export function redactNested(object: Record<string, unknown>): Record<string, unknown> {
  let copy: Record<string, unknown> | undefined;
  for (const key in object) {
    const value = object[key];
    if (value === null || typeof value !== 'object' || !Object.hasOwn(object, key)) continue;
    const inner = redactedKeysOf(value);
    if (inner) (copy ??= { ...object })[key] = censored(value, inner);
  }
  return copy ?? object;
}

/** LOG_FLUSH_MS's default, for loggers made without a configuration (CLI commands, tests). */
const DEFAULT_FLUSH_MS = 100;

/**
 * JSON lines on stdout (by default), one object per event, info lines written in batches
 * (`BatchedLogDestination`, LOG_FLUSH_MS). Request and flow payloads are never logged: they
 * may hold PUK codes, balances or phone numbers (see DOMAIN.md, sensitive data). Credentials
 * that do reach a line (a password field, a header object, an error carrying a token) are
 * censored, at the top of the line and one level down (`redactNested`).
 */
export function createLogger(config: Pick<Config, 'logLevel'> & Partial<Pick<Config, 'logFlushMs'>>, destination?: DestinationStream): Logger {
  const logger = pino(
    {
      level: config.logLevel,
      base: { service: 'griot' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }), log: redactNested },
      redact: { paths: [...REDACTED_KEYS], censor: CENSOR },
    },
    destination ?? BatchedLogDestination.stdout(config.logFlushMs ?? DEFAULT_FLUSH_MS),
  );
  // Its children inherit the mark (a pino child's prototype is its parent).
  Object.defineProperty(logger, madeHere, { value: true });
  return logger;
}

/** Marks the loggers `createLogger` made: `infoLater` knows their options, so it can build their lines itself. */
const madeHere = Symbol('griot.logger');
const { chindingsSym, streamSym } = pino.symbols;

/** The fields of a line `infoLater` builds: flat values. */
export type FlatFields = Record<string, string | number | boolean | null | undefined>;

/**
 * `log.info(fields(), msg)`, once nobody waits for it: the contacts' lifecycle lines
 * (`conversation started`, `conversation ended`), two a call. On the server's log (a logger from
 * `createLogger` writing to a `BatchedLogDestination`) the line waits unbuilt with the info lines
 * of its batch and is built when the batch goes out (`later`), as the line pino writes: `level`
 * as its label, the time `infoLater` was called, the logger's bindings (censored when the child
 * was made), the fields in their order (undefined ones left out, a credential's key censored),
 * `msg`. On any other logger, or with LOG_FLUSH_MS=0, it is logged once the answer is written
 * (`afterAnswer`), as before.
 */
export function infoLater(log: Logger, fields: () => FlatFields, msg: string): void {
  const own = log as unknown as Record<symbol, unknown>;
  const stream = own[streamSym];
  // Written one by one (LOG_FLUSH_MS=0), a line is built after the answer, as on any other logger.
  if (!own[madeHere] || !(stream instanceof BatchedLogDestination) || !stream.batches) {
    afterAnswer(() => log.info(fields(), msg));
    return;
  }
  if (!log.isLevelEnabled('info')) return;
  const time = Date.now();
  stream.later(() => {
    let object = fields();
    const credentials = redactedKeysOf(object);
    if (credentials) object = censored(object, credentials) as FlatFields;
    const body = JSON.stringify(object);
    return `{"level":"info","time":"${new Date(time).toISOString()}"${own[chindingsSym] as string}${body.length > 2 ? `,${body.slice(1, -1)}` : ''},"msg":${JSON.stringify(msg)}}\n`;
  });
}
