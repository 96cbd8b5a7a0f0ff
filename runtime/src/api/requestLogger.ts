import type { RequestHandler } from 'express';
import { isMarkedRefusal, RefusalLog } from '@griot/connectors';
import type { Logger } from '../logger.ts';

/**
 * What `normalizeNumber` drops between a number's digits (`+229 01.97-00/00 09`): the callers' API
 * takes a number in any of these spellings, so the mask reads them all.
 */
const SEPARATORS = String.raw`[\s().\-/]`;

/**
 * A whole UUID, kept (a session's or a contact's id names no one and is what ops search the logs
 * by; the digit runs between its dashes are no number), else six digits or more with separators
 * between them. The UUID comes first, as in logDigest's `NUMBER_OR_ID`, so its digits are never taken alone.
 */
const NUMBER_OR_UUID = new RegExp(String.raw`([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})|(\+)?\d(?:${SEPARATORS}*\d){5,}`, 'gi');

/** Phone numbers appear in paths (`/api/callers/+229…`): keep the last two digits only. */
const maskNumbers = (text: string) =>
  text.replace(NUMBER_OR_UUID, (run: string, uuid: string | undefined, plus: string | undefined) => (uuid ? run : `${plus ? '+' : ''}…${run.replace(/\D/g, '').slice(-2)}`));

/**
 * A path segment as the router reads it (`%2B229%2D01…`, `%32%32%39…`: Express decodes
 * `/api/callers/:number`). A segment that is not valid percent-encoded UTF-8 as a whole (the
 * router answers it 400, the log still writes it) keeps its undecodable escapes as they are and
 * has the others decoded, so a number spelled with escapes around a broken one is masked too.
 */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment.replace(/(?:%[0-9a-f]{2})+/gi, (escapes) => {
      try {
        return decodeURIComponent(escapes);
      } catch {
        return escapes.replace(/%[0-7][0-9a-f]/gi, (ascii) => decodeURIComponent(ascii));
      }
    });
  }
}

/**
 * What a masked segment writes escaped again: what would read as another segment, a query, or a
 * line break; control and format characters (U+202E turning the line around, U+200B unseen); and
 * `%`, so the written segment decodes to what the router read.
 */
const UNSAFE_IN_LOGGED_SEGMENT = /[/?#%\s\p{Cc}\p{Cf}]/gu;

/** A segment that holds nothing but a piece of a number (`229`, `+229`, `01 97`, `(0197)`): a number may go on in the next one. */
const NUMBER_PIECE = /^\+?[\s().-]*\d[\d\s().-]*$/;

const escapeForLog = (masked: string) => masked.replace(UNSAFE_IN_LOGGED_SEGMENT, (c) => encodeURIComponent(c));

/**
 * A path with every number in it masked, however spelled: each segment is read decoded, as the
 * router reads it, and a segment with a number is written decoded with the number masked (and
 * `/`, `?`, `#`, `%`, spaces, control and format characters escaped again); the others are written
 * as sent. A number split by literal slashes (`/api/callers/229/01/97/00/00/09`: a 404, but what
 * was typed is someone's number) is masked as one: consecutive segments holding only pieces of a
 * number, six digits or more together, are written as one masked segment.
 */
export function maskDigits(path: string): string {
  // No digit, no number: not even a percent-encoded one (`%32`).
  if (!/\d/.test(path)) return path;
  const segments = path.split('/');
  const decoded = segments.map((segment) => (/\d/.test(segment) ? decodeSegment(segment) : segment));
  const written: string[] = [];
  for (let i = 0; i < segments.length; ) {
    let end = i;
    while (end < segments.length && NUMBER_PIECE.test(decoded[end]!) && (end === i || !decoded[end]!.startsWith('+'))) end += 1;
    const run = decoded.slice(i, end);
    if (run.length >= 2 && run.join('').replace(/\D/g, '').length >= 6) {
      written.push(escapeForLog(maskNumbers(run.join('/'))));
      i = end;
      continue;
    }
    const segment = segments[i]!;
    const masked = /\d/.test(segment) ? maskNumbers(decoded[i]!) : segment;
    written.push(masked === decoded[i] || !/\d/.test(segment) ? segment : escapeForLog(masked));
    i += 1;
  }
  return written.join('/');
}

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
