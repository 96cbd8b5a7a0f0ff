import type { RequestHandler, Response } from 'express';
import { closeAfterAnswer, declaresMoreThan, limitInBytes, TOO_LARGE } from './declaredBodyLimit.ts';

/**
 * An express body parser (body-parser's `raw`, `urlencoded`) held to `limit` bytes read off the
 * wire, answered 413 (`answer`) with the connection closed after it. A body declared longer is
 * refused from its header, none of it read. One without a length (chunked) is refused as soon as
 * more than `limit` bytes came: body-parser stops keeping such a body at its limit, but reads it
 * to its end before it answers (`dump` in its read.js), so a client streaming without end was
 * read, its socket held, until node's request timeout. A compressed body counts as sent (body-parser
 * also refuses it once inflated past `limit`): no more than `limit` bytes are read either way.
 */
export function boundedBodyParser(limit: string | number, parser: RequestHandler, answer: (res: Response) => void = (res) => void res.status(413).json(TOO_LARGE)): RequestHandler {
  const bytes = limitInBytes(limit);
  return (req, res, next) => {
    if (declaresMoreThan(req, bytes)) {
      closeAfterAnswer(res);
      answer(res);
      return;
    }
    let settled = false;
    let refused = false;
    void parser(req, res, (error?: unknown) => {
      settled = true;
      // Once refused here, the parser's own 413 comes when the connection has closed: no one to tell.
      if (!refused) next(error);
    });
    // Nothing to read (no body, not this parser's type) or a declared length, which node holds the body to.
    if (settled || req.headers['content-length'] !== undefined || req.complete) return;
    // Added after the parser's own listener: both see every chunk, the parser first.
    let read = 0;
    const count = (chunk: Buffer) => {
      read += chunk.length;
      if (read <= bytes) return;
      refused = true;
      req.off('data', count);
      if (res.headersSent) return;
      closeAfterAnswer(res);
      answer(res);
    };
    req.on('data', count);
    req.on('end', () => req.off('data', count));
  };
}
