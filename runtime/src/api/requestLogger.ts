import type { RequestHandler } from 'express';
import { isMarkedRefusal } from '@griot/connectors';
import type { Logger } from '../logger.ts';

/** Phone numbers appear in paths (`/api/callers/+229…`): keep the last two digits only. */
export const maskDigits = (path: string) => path.replace(/(%2B|\+)?\d{4,}(\d{2})/gi, (_m, plus: string | undefined, last: string) => `${plus ? '+' : ''}…${last}`);

/** One log line per request: method, path, status, duration. Never bodies, queries or headers. */
export function requestLogger(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      // A channel refused its credentials and logged that, throttled (a flood of forged webhooks is not a line each).
      if (isMarkedRefusal(res)) return;
      const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
      const status = res.statusCode;
      const level = status >= 500 ? 'error' : 'info';
      logger[level]({ method: req.method, path: maskDigits(req.originalUrl.split('?')[0] ?? ''), status, durationMs: Math.round(durationMs * 10) / 10 }, 'request');
    });
    next();
  };
}
