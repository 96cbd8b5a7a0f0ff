import { pino, type Logger, type DestinationStream } from 'pino';
import type { Config } from './config.ts';

export type { Logger };

/**
 * JSON lines on stdout, one object per event. Request and flow payloads are never logged: they
 * may hold PUK codes, balances or phone numbers (see DOMAIN.md, sensitive data).
 */
export function createLogger(config: Pick<Config, 'logLevel'>, destination?: DestinationStream): Logger {
  return pino(
    {
      level: config.logLevel,
      base: { service: 'griot' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: ['password', '*.password', 'token', '*.token', 'authorization', '*.authorization', 'cookie', '*.cookie'], censor: '[redacted]' },
    },
    destination,
  );
}
