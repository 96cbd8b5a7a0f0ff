import type { IncomingMessage, ServerResponse } from 'node:http';
import { closeAfterAnswer, declaresMoreThan } from './declaredBodyLimit.ts';

/**
 * The whole body of a request as one buffer, or undefined once it is past `limit` bytes: then the
 * caller answers 413 at once, and that answer closes the connection (`Connection: close`). A
 * declared length past the limit is refused from its header, nothing read (a client declaring
 * 50 MB and sending a few bytes gets its 413 now, not after node's request timeout); a body
 * without a length (chunked) is refused as soon as it passes the limit, the rest thrown away.
 * For the webhooks answered ahead of express (`HotRoutes`), which check a signature on the raw bytes.
 */
export function readRawBody(req: IncomingMessage, res: ServerResponse, limit: number, done: (raw: Buffer | undefined) => void): void {
  if (declaresMoreThan(req, limit)) {
    closeAfterAnswer(res);
    done(undefined);
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  // Refused, or handed over already: nothing more to do with what comes.
  let settled = false;
  const finish = () => {
    settled = true;
    done(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
  };
  req.on('data', (chunk: Buffer) => {
    if (settled) return;
    size += chunk.length;
    if (size <= limit) {
      chunks.push(chunk);
      // The parser has read the whole message and this was its last chunk: the body is complete
      // now, without waiting a tick for `end` (one call at a time, every webhook's answer waited
      // for it; issue 17).
      if (req.complete && req.readableLength === 0) finish();
      return;
    }
    settled = true;
    chunks.length = 0;
    closeAfterAnswer(res);
    done(undefined);
  });
  // \`on\`, not \`once\`: each comes at most once per request, and \`once\` wraps every listener anew.
  req.on('end', () => {
    if (!settled) finish();
  });
  req.on('error', () => {
    if (!req.socket.destroyed) req.socket.destroy();
  });
}
