import type { RequestHandler } from 'express';
import { isMarkedRefusal, RefusalLog } from '@griot/connectors';
import type { Logger } from '../logger.ts';

/**
 * Six digits or more, with the separators a number is written with between them (a space as `%20`,
 * `.`, `-`, brackets): `/api/callers/{number}` takes a number in any spelling.
 */
const NUMBER_IN_PATH = /(%2B|\+)?\d(?:(?:%20|%28|%29|[ .()-])*\d){5,}/gi;

/** Phone numbers appear in paths (`/api/callers/+229…`, `+229%2001%2097…`): keep the last two digits only. */
export const maskDigits = (path: string) => path.replace(NUMBER_IN_PATH, (run: string, plus: string | undefined) => `${plus ? '+' : ''}…${run.replace(/%2[0-9]|\D/gi, '').slice(-2)}`);

/** The longest path a log line shows: anyone can send one of thousands of characters. */
const LOGGED_PATH_MAX = 300;

/** A request's path as logs show it: numbers masked, then cut to `LOGGED_PATH_MAX` characters (a cut never leaves part of a number). */
export function pathForLog(path: string): string {
  const masked = maskDigits(path);
  return masked.length <= LOGGED_PATH_MAX ? masked : `${masked.slice(0, LOGGED_PATH_MAX)}…(${masked.length} characters)`;
}

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
      const line = { method: req.method, path: pathForLog(req.originalUrl.split('?')[0] ?? ''), status, durationMs: Math.round(durationMs * 10) / 10 };
      if (status >= 400 && status <= 499 && durationMs < SLOW_REQUEST_MS) clientErrors.refused('http', `status ${status}`, line, 'request', 'info');
      else logger[status >= 500 ? 'error' : 'info'](line, 'request');
    });
    next();
  };
}
