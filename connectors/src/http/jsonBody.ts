import express, { type Request, type RequestHandler, type Response } from 'express';
import { boundedBodyParser } from './boundedBodyParser.ts';
import { closeAfterAnswer, declaresMoreThan, limitInBytes } from './declaredBodyLimit.ts';
import { MAX_JSON_DEPTH, readJson } from './readJson.ts';

export interface JsonBodyOptions {
  /** Largest body read, as body-parser spells it (`'256kb'`, `'20mb'`) or in bytes. */
  limit: string | number;
  maxDepth?: number;
  /**
   * A body that is not JSON: refused with 415 (true, the default), or left unread for a later
   * handler (false).
   */
  requireJson?: boolean;
}

/** What body-parser attaches to the errors of reading a body (too large, aborted, bad encoding). */
interface BodyReadError {
  status?: number;
  type?: string;
  message?: string;
}

const JSON_TYPES = ['application/json', '+json'];

function refuse(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ error: { code, message, field: 'body' } });
}

/** Whether the request says its body is JSON (`application/json`, `application/*+json`). */
export function isJsonRequest(req: Request): boolean {
  return Boolean(req.is(JSON_TYPES));
}

/** Whether the request carries a body at all (a length or a chunked transfer). */
export function hasBody(req: Request): boolean {
  return req.headers['transfer-encoding'] !== undefined || (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0');
}

/**
 * The JSON body parser of every JSON route (the API, Bot Framework, web chat): the body read up
 * to `limit`, then `readJson` (nesting bounded, prototype-poisoning keys dropped) into
 * `req.body`. Every refusal is a 4xx in the API's error shape `{ error: { code, message,
 * field: 'body' } }`: 400 not JSON or too deep, 413 too large, 415 not JSON or not UTF-8.
 * A request without a body is passed on with `req.body` undefined.
 */
export function jsonBody(options: JsonBodyOptions): RequestHandler {
  const tooLarge = (res: Response) => refuse(res, 413, 'entity_too_large', `the body is larger than ${String(options.limit)}`);
  // A chunked body is refused once past the limit, not read to its end first (boundedBodyParser).
  const readRaw = boundedBodyParser(options.limit, express.raw({ type: () => true, limit: options.limit }), tooLarge);
  const limitBytes = limitInBytes(options.limit);
  const maxDepth = options.maxDepth ?? MAX_JSON_DEPTH;
  const requireJson = options.requireJson ?? true;
  return (req, res, next) => {
    if (!hasBody(req)) return next();
    // Declared too big: refused from the header, before anything else, nothing read, and the connection closed after the answer.
    if (declaresMoreThan(req, limitBytes)) {
      closeAfterAnswer(res);
      return tooLarge(res);
    }
    if (!isJsonRequest(req)) {
      if (!requireJson) return next();
      return refuse(res, 415, 'unsupported_media_type', `send the body as application/json (got ${req.get('content-type') ?? 'no content-type'})`);
    }
    const charset = /;\s*charset=("?)([^";]+)\1/i.exec(req.get('content-type') ?? '')?.[2]?.toLowerCase();
    if (charset && charset !== 'utf-8' && charset !== 'utf8') return refuse(res, 415, 'unsupported_charset', `send the body in UTF-8 (got ${charset})`);
    void readRaw(req, res, (error?: unknown) => {
      if (error) {
        const failure = error as BodyReadError;
        const status = typeof failure.status === 'number' && failure.status >= 400 && failure.status < 500 ? failure.status : 400;
        const code = (failure.type ?? 'bad_request').replace(/\./g, '_');
        return refuse(res, status, code, status === 413 ? `the body is larger than ${String(options.limit)}` : (failure.message ?? 'the body could not be read'));
      }
      const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      if (raw.length === 0) {
        req.body = undefined;
        return next();
      }
      const reading = readJson(raw, { maxDepth });
      if (!reading.ok) return refuse(res, 400, reading.code, reading.message);
      req.body = reading.value;
      next();
    });
  };
}
