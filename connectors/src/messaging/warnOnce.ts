import type { ChannelLogger } from '../channel/ChannelLogger.ts';

/**
 * Logs a problem of a flow (not of a message) once per `key` rather than on every message;
 * past 1,000 keys it stops remembering, and logging, new ones.
 */
export function warnOnce(warned: Set<string>, logger: ChannelLogger, key: string, details: object, message: string): void {
  if (warned.has(key) || warned.size > 1000) return;
  warned.add(key);
  logger.warn(details, message);
}
