import type { RequestHandler } from 'express';
import { contentHasher } from '../store/contentHash.ts';

/**
 * `express.raw` for a recording's upload with a declared length and no `Content-Encoding`: each
 * chunk copied into one buffer (of that length once all is there) and hashed (SHA-256) as it arrives, so the body is
 * never joined at the end (`Buffer.concat` of 10 MiB) nor hashed again by the store
 * (`contentHashOf`). Anything else (no declared length, compressed) goes to `fallback` (inflated,
 * joined) as before; `boundedBodyParser` answers 413 for a declared length past the limit first.
 * The buffer grows with what arrives (`FIRST_BYTES`, then four times as large, at most the declared
 * length): a declared 10 MiB that never comes holds 256 KiB, not 10 MiB (a few connections' headers
 * would otherwise set aside 10 MiB each); the growing copies about half of a 10 MiB file once more (5.25 MiB), never joins it.
 */
const FIRST_BYTES = 256 * 1024;
const GROWTH = 4;

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
    let body = Buffer.allocUnsafe(Math.min(length, FIRST_BYTES));
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
      // Full: at === length === body.length (finish is called with no error only then).
      hasher.seal(body);
      parsed._body = true;
      req.body = body;
      next();
    };
    const onData = (chunk: Buffer) => {
      // Node's parser stops at the declared length: a longer body cannot come.
      const taken = chunk.subarray(0, length - at);
      if (at + taken.length > body.length) {
        const grown = Buffer.allocUnsafe(Math.min(length, Math.max(body.length * GROWTH, at + taken.length)));
        body.copy(grown, 0, 0, at);
        body = grown;
      }
      taken.copy(body, at);
      hasher.update(taken);
      at += taken.length;
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
