import type { RequestHandler } from 'express';
import { contentHasher } from '../store/contentHash.ts';

/**
 * `express.raw` for a recording's upload with a declared length and no `Content-Encoding`: each
 * chunk copied into one buffer of that length and hashed (SHA-256) as it arrives, so the body is
 * never joined at the end (`Buffer.concat` of 10 MiB) nor hashed again by the store
 * (`contentHashOf`). Anything else (no declared length, compressed) goes to `fallback` (inflated,
 * joined) as before; `boundedBodyParser` answers 413 for a declared length past the limit first.
 */
export function hashedRawBody(limit: number, fallback: RequestHandler): RequestHandler {
  return (req, res, next) => {
    const declared = req.headers['content-length'];
    const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
    const length = declared === undefined ? Number.NaN : Number(declared);
    const parsed = req as typeof req & { _body?: boolean };
    if (parsed._body || encoding !== 'identity' || !Number.isSafeInteger(length) || length < 0 || length > limit) {
      fallback(req, res, next);
      return;
    }
    const body = Buffer.allocUnsafe(length);
    const hasher = contentHasher();
    let at = 0;
    let done = false;
    const finish = (error?: Error) => {
      if (done) return;
      done = true;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('aborted', onAborted);
      req.off('error', onError);
      if (error) {
        next(error);
        return;
      }
      hasher.seal(body);
      parsed._body = true;
      req.body = body;
      next();
    };
    const onData = (chunk: Buffer) => {
      // Node's parser stops at the declared length: a longer body cannot come.
      const copied = chunk.copy(body, at);
      hasher.update(chunk.subarray(0, copied));
      at += copied;
    };
    const onEnd = () => finish(at === length ? undefined : Object.assign(new Error('request size did not match content length'), { status: 400, expose: true, type: 'request.size.invalid' }));
    const onAborted = () => finish(Object.assign(new Error('request aborted'), { status: 400, expose: true, type: 'request.aborted' }));
    const onError = (error: Error) => finish(Object.assign(error, { status: 400, expose: false }));
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('aborted', onAborted);
    req.on('error', onError);
  };
}
