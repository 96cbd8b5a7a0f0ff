import type { ErrorRequestHandler } from 'express';
import type { Logger } from '../logger.ts';
import { BadInputError, DependencyError, GriotError, type BadInputReason } from '../errors.ts';
import { storeFailureCause, storeUnavailable } from './storeUnavailable.ts';
import { pathForLog } from './requestLogger.ts';

/**
 * A 503 says "try again later": without a wait of its own, a client is told this one. Not for an
 * error only an operator's change can clear (`untilFixed`: no model configured).
 */
const DEFAULT_RETRY_AFTER_SECONDS = 5;

const BAD_INPUT_STATUS: Record<BadInputReason, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  notFound: 404,
  conflict: 409,
  unprocessable: 422,
  throttled: 429,
};

/** What body-parser attaches to its errors (bad JSON, body too large). */
interface HttpParserError {
  status?: number;
  type?: string;
  expose?: boolean;
}

function statusOf(error: GriotError): number {
  if (error instanceof BadInputError) return BAD_INPUT_STATUS[error.reason];
  if (error instanceof DependencyError) return error.reason === 'unavailable' ? 503 : 502;
  return 500;
}

/**
 * The edge where error classes become HTTP statuses. Bad input is the client's to fix and is
 * not logged as an error; dependency failures are logged as warnings for operations; anything
 * else is a bug: logged with its stack, answered with a generic 500. Paths are logged as the
 * request log writes them (`pathForLog`): a caller's number in one (`/api/callers/+229…`) is not.
 */
export function errorMiddleware(logger: Logger): ErrorRequestHandler {
  return (thrown: unknown, req, res, _next) => {
    if (res.headersSent) return;
    const error = storeUnavailable(thrown) ?? thrown;
    if (error instanceof GriotError) {
      const status = statusOf(error);
      const retryAfter = error.retryAfterSeconds ?? (status === 503 && !error.untilFixed ? DEFAULT_RETRY_AFTER_SECONDS : undefined);
      if (retryAfter !== undefined) res.setHeader('Retry-After', String(retryAfter));
      if (error instanceof DependencyError) {
        // A full disk and a lost MongoDB answer the same 503: the log says which (the client is not told).
        const cause = storeFailureCause(thrown);
        logger.warn({ code: error.code, ...(cause ? { cause } : {}), context: error.context, path: pathForLog(req.path), err: error.message }, 'dependency failure');
      }
      res.status(status).json({
        error: {
          code: error.code,
          message: error.message,
          ...(error.field !== undefined ? { field: error.field } : {}),
          ...error.context,
          ...(Object.keys(error.params).length > 0 ? { params: error.params } : {}),
        },
        ...error.body,
      });
      return;
    }
    // A path whose percent-encoding is not UTF-8 (`/api/flows/%E0%A4%A`): express's router could
    // not decode a parameter. The client's mistake, not a bug: no stack, nothing to page anyone for.
    if (error instanceof URIError && (error as HttpParserError).status === 400) {
      logger.warn({ method: req.method, path: pathForLog(req.path) }, 'badly encoded path');
      res.status(400).json({ error: { code: 'invalid_path', message: 'the path is not valid percent-encoded UTF-8', field: 'path' } });
      return;
    }
    const parser = error as HttpParserError;
    if (parser?.expose && typeof parser.status === 'number' && parser.status >= 400 && parser.status < 500) {
      const code = parser.type === 'entity.parse.failed' ? 'invalid_json' : (parser.type ?? 'bad_request').replace(/\./g, '_');
      res.status(parser.status).json({ error: { code, message: parser.type === 'entity.parse.failed' ? 'the body is not valid JSON' : (error as Error).message, field: 'body' } });
      return;
    }
    logger.error({ err: error, method: req.method, path: pathForLog(req.path) }, 'unhandled error');
    res.status(500).json({ error: { code: 'internal', message: 'an unexpected error happened; it has been logged' } });
  };
}
