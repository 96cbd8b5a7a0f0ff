import type { IncomingMessage, ServerResponse } from 'node:http';
import { secretGuessesFromEnv, type SecretGuesses } from '../http/SecretGuesses.ts';
import { silentLogger, type ChannelLogger } from '../channel/ChannelLogger.ts';
import { refusalLogOf } from '../channel/refusalLog.ts';
import type { ClientView, HotHandler } from '../http/HotRoutes.ts';
import { readRawBody } from '../http/readRawBody.ts';
import { answerCallback } from './answerCallback.ts';
import { checkUssdAccess, type UssdRefusal } from './ussdAccess.ts';
import type { UssdConfig } from './ussdConfig.ts';
import { FORM_LIMIT_BYTES, FORM_PARAMETER_LIMIT } from './ussdRouter.ts';
import type { UssdSessions } from './UssdSessions.ts';

export interface UssdHotPathOptions {
  sessions: UssdSessions;
  config: UssdConfig;
  client: ClientView;
  logger?: ChannelLogger;
  onRefused?: (reason: UssdRefusal['reason']) => void;
  /** Wrong tokens per address (`GRIOT_SECRET_GUESSES_*`), shared by the hot path and the router; absent: the defaults. */
  guesses?: SecretGuesses;
}

/** A callback slower than this still gets its request line, as the express app's log would give it (the others are only counted). */
const SLOW_CALLBACK_MS = 250;

const NOT_A_FORM = 'the body must be a USSD gateway form (application/x-www-form-urlencoded)';

function plain(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** Characters after which a query's token is not read as it stands: URLSearchParams decodes or splits on them. */
const QUERY_SPECIALS = /[%+&]/;

/**
 * The `token` values of a callback's query, as `URLSearchParams(query).getAll('token')` gives
 * them; the query a gateway is given (`token=…` alone, nothing to decode) read without building one.
 */
function queryTokens(query: string): string[] {
  if (query.startsWith('token=') && !QUERY_SPECIALS.test(query)) return [query.slice('token='.length)];
  return new URLSearchParams(query).getAll('token');
}

/** A UTF-8 form (the media type alone, or with `charset=utf-8`): what gateways send. */
function isUtf8Form(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const [type = '', ...parameters] = contentType.split(';').map((part) => part.trim().toLowerCase());
  if (type !== 'application/x-www-form-urlencoded') return false;
  return parameters.every((parameter) => !parameter.startsWith('charset=') || parameter === 'charset=utf-8' || parameter === 'charset="utf-8"');
}

/**
 * `POST /ussd` on node's own request and response, ahead of express: the gateway calls it for
 * every screen, and express's router, query and body parsers cost more than the callback's own
 * checks. The same access check (address, token) before the body is read, the form read once
 * (8 kB, 20 fields at most, as the express route), the same answers (`answerCallback`). Only a
 * plain UTF-8 form is taken; another encoding or charset goes on to the express route
 * (`ussdRouter`), which answers it as before.
 */
export function ussdHotPath(options: UssdHotPathOptions): HotHandler {
  const logger = options.logger ?? silentLogger;
  const guesses = options.guesses ?? secretGuessesFromEnv({});
  return (req, res) => {
    if (req.method !== 'POST') return false;
    const url = req.url ?? '';
    const q = url.indexOf('?');
    if ((q === -1 ? url : url.slice(0, q)) !== '/ussd') return false;
    const encoding = req.headers['content-encoding'];
    if ((encoding !== undefined && encoding.toLowerCase() !== 'identity') || !isUtf8Form(req.headers['content-type'])) return false;
    // The gateway's clock runs from here: reading the form counts against its deadline too.
    const receivedAt = Date.now();
    const started = performance.now();
    // Express reads `?token=a&token=b` as two: no token from the query, as there.
    const tokens = q === -1 ? [] : queryTokens(url.slice(q + 1));
    const refusal = checkUssdAccess({ ip: options.client.ip(req), queryToken: tokens.length === 1 ? tokens[0] : undefined, authorization: req.headers.authorization }, options.config, guesses);
    if (refusal) {
      options.onRefused?.(refusal.reason);
      refusalLogOf(logger).refused('ussd', refusal.reason, {}, 'USSD callback refused');
      // The body is never read (node discards it).
      if (refusal.retryAfterSeconds) res.setHeader('retry-after', String(refusal.retryAfterSeconds));
      plain(res, refusal.status, refusal.status === 401 ? 'unauthorized' : refusal.status === 429 ? 'too many wrong tokens' : 'forbidden');
      return true;
    }
    readForm(req, res, (fields) => {
      if (fields === undefined) {
        plain(res, 413, NOT_A_FORM);
        return;
      }
      answerCallback(options.sessions, fields, receivedAt).then(
        (answer) => {
          plain(res, answer.status, answer.text);
          const ms = performance.now() - started;
          if (ms >= SLOW_CALLBACK_MS) logger.info({ method: 'POST', path: '/ussd', status: answer.status, durationMs: Math.round(ms * 10) / 10 }, 'request');
        },
        (error: unknown) => {
          logger.error({ error: error instanceof Error ? error.message : String(error) }, 'USSD callback failed');
          if (!res.headersSent) plain(res, 500, 'internal error');
        },
      );
    });
    return true;
  };
}

/**
 * The form's fields, a field sent twice as a list (so it is refused as the express route
 * refuses it), or undefined past 8 kB (declared: refused before anything is read, and the
 * connection closed after the 413; see `readRawBody`) or 20 fields. Own properties only
 * (`__proto__` is a field name like any other).
 */
function readForm(req: IncomingMessage, res: ServerResponse, done: (fields: Record<string, string | string[]> | undefined) => void): void {
  readRawBody(req, res, FORM_LIMIT_BYTES, (raw) => done(raw === undefined ? undefined : formFields(raw)));
}

function formFields(raw: Buffer): Record<string, string | string[]> | undefined {
  const fields: Record<string, string | string[]> = {};
  let count = 0;
  // `forEach` rather than the iterator, and no Map: no entry pair nor iterator result per field.
  new URLSearchParams(raw.toString('utf8')).forEach((value, name) => {
    count += 1;
    if (count > FORM_PARAMETER_LIMIT) return;
    const earlier = Object.hasOwn(fields, name) ? fields[name] : undefined;
    const field = earlier === undefined ? value : [...(Array.isArray(earlier) ? earlier : [earlier]), value];
    // An own property whatever the name: `__proto__` assigned would set the prototype instead.
    if (name === '__proto__') Object.defineProperty(fields, name, { value: field, enumerable: true, writable: true, configurable: true });
    else fields[name] = field;
  });
  return count > FORM_PARAMETER_LIMIT ? undefined : fields;
}
