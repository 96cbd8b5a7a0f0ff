import type { RequestHandler } from 'express';
import { isMarkedRefusal, RefusalLog } from '@griot/connectors';
import type { Logger } from '../logger.ts';

/** Phone numbers appear in paths (`/api/callers/+229…`): keep the last two digits only. */
export const maskDigits = (path: string) => path.replace(/(%2B|\+)?\d{4,}(\d{2})/gi, (_m, plus: string | undefined, last: string) => `${plus ? '+' : ''}…${last}`);

/** A request that took this long keeps its own line whatever its status. */
export const SLOW_REQUEST_MS = 1_000;

/**
 * One log line per request: method, path, status, duration. Never bodies, queries or headers.
 * Answers in 4xx (a 404 on a path that does not exist, a 401 without a session), which anyone can
 * send by the thousand, are logged as refused webhooks are (`RefusalLog`): the first of each status
 * in full, then at most one line a minute with the count of those not logged (`suppressed`). A 5xx
 * and a request slower than `SLOW_REQUEST_MS` always keep their own line.
 */
export function requestLogger(logger: Logger): RequestHandler {
  const clientErrors = new RefusalLog(logger);
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      // A channel refused its credentials and logged that, throttled (a flood of forged webhooks is not a line each).
      if (isMarkedRefusal(res)) return;
      const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
      const status = res.statusCode;
      const line = { method: req.method, path: maskDigits(req.originalUrl.split('?')[0] ?? ''), status, durationMs: Math.round(durationMs * 10) / 10 };
      if (status >= 400 && status <= 499 && durationMs < SLOW_REQUEST_MS) clientErrors.refused('http', `status ${status}`, line, 'request', 'info');
      else logger[status >= 500 ? 'error' : 'info'](line, 'request');
    });
    next();
  };
}
