import type { IncomingMessage } from 'node:http';

/**
 * The whole body of a request as one buffer, or undefined once it is past `limit` bytes (a
 * declared length past it is refused before reading; the rest is drained, not kept). For the
 * webhooks answered ahead of express (`HotRoutes`), which check a signature on the raw bytes.
 */
export function readRawBody(req: IncomingMessage, limit: number, done: (raw: Buffer | undefined) => void): void {
  const declared = Number(req.headers['content-length']);
  if (declared > limit) {
    req.resume();
    req.once('end', () => done(undefined));
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > limit) tooLarge = true;
    else chunks.push(chunk);
  });
  // \`on\`, not \`once\`: each comes at most once per request, and \`once\` wraps every listener anew.
  req.on('end', () => done(tooLarge ? undefined : chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)));
  req.on('error', () => {
    if (!req.socket.destroyed) req.socket.destroy();
  });
}
