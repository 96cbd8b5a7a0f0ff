/**
 * Where channels write what happened (pino-compatible, so they log through the runtime's logger).
 * Never handed message contents, PUK codes or prompts: ids, reasons and counts.
 */
export interface ChannelLogger {
  info(details: object, message?: string): void;
  warn(details: object, message?: string): void;
  error(details: object, message?: string): void;
  debug(details: object, message?: string): void;
}

export const silentLogger: ChannelLogger = { info() {}, warn() {}, error() {}, debug() {} };
