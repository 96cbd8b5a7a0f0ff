import type { IncomingMessage, ServerResponse } from 'node:http';
import { closeAfterAnswer, declaresMoreThan } from './declaredBodyLimit.ts';

/** How long a body may go without a byte, and how long it may take in all, before 408 and the connection closed. */
export interface BodyDeadlines {
  idleMs: number;
  totalMs: number;
}

/** A webhook's body is a few kB, sent at once: 10 s without a byte, or 30 s in all, is a client holding the connection. */
export const BODY_DEADLINES: BodyDeadlines = { idleMs: 10_000, totalMs: 30_000 };

interface Reading {
  req: IncomingMessage;
  res: ServerResponse;
  startedAt: number;
  lastByteAt: number;
  deadlines: BodyDeadlines;
  /** Called once past a deadline: the reader stops (nothing more is handed to `done`). */
  expire(): void;
}

/**
 * Bodies still being read, looked at together a few times a second (one timer for all, none per
 * request: a webhook's body has usually come whole before its first look).
 */
const reading = new Set<Reading>();
let sweeper: ReturnType<typeof setInterval> | undefined;
const SWEEP_MS = 250;

function sweep(): void {
  const now = Date.now();
  for (const r of reading) {
    if (now - r.lastByteAt < r.deadlines.idleMs && now - r.startedAt < r.deadlines.totalMs) continue;
    reading.delete(r);
    r.expire();
    if (!r.res.headersSent) {
      r.res.writeHead(408, { 'content-type': 'application/json; charset=utf-8', connection: 'close' });
      r.res.end('{"error":{"code":"request_timeout","message":"the request body came too slowly"}}');
    }
    // The rest of the body is not awaited: the connection goes (once the 408 is written, if it can be).
    const socket = r.req.socket;
    if (r.res.writableFinished) socket.destroy();
    else {
      r.res.once('finish', () => socket.destroy());
      setTimeout(() => socket.destroy(), 1000).unref();
    }
  }
  if (reading.size === 0 && sweeper) {
    clearInterval(sweeper);
    sweeper = undefined;
  }
}

function watch(r: Reading): void {
  reading.add(r);
  if (!sweeper) {
    sweeper = setInterval(sweep, SWEEP_MS);
    sweeper.unref();
  }
}

/**
 * The whole body of a request as one buffer, or undefined once it is past `limit` bytes: then the
 * caller answers 413 at once, and that answer closes the connection (`Connection: close`). A
 * declared length past the limit is refused from its header, nothing read (a client declaring
 * 50 MB and sending a few bytes gets its 413 now, not after node's request timeout); a body
 * without a length (chunked) is refused as soon as it passes the limit, the rest thrown away.
 * For the webhooks answered ahead of express (`HotRoutes`), which check a signature on the raw bytes.
 */
export function readRawBody(req: IncomingMessage, res: ServerResponse, limit: number, done: (raw: Buffer | undefined) => void, deadlines: BodyDeadlines = BODY_DEADLINES): void {
  if (declaresMoreThan(req, limit)) {
    closeAfterAnswer(res);
    done(undefined);
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  // Refused, timed out, or handed over already: nothing more to do with what comes.
  let settled = false;
  // A client sending its body a byte at a time (or not at all) would hold the connection for as
  // long as it liked: past a deadline, 408 and the connection closed (`sweep`).
  const now = Date.now();
  const watched: Reading = {
    req,
    res,
    startedAt: now,
    lastByteAt: now,
    deadlines,
    expire: () => {
      settled = true;
      chunks.length = 0;
    },
  };
  watch(watched);
  const finish = () => {
    settled = true;
    reading.delete(watched);
    done(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
  };
  req.on('data', (chunk: Buffer) => {
    if (settled) return;
    watched.lastByteAt = Date.now();
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
    reading.delete(watched);
    chunks.length = 0;
    closeAfterAnswer(res);
    done(undefined);
  });
  // \`on\`, not \`once\`: each comes at most once per request, and \`once\` wraps every listener anew.
  req.on('end', () => {
    if (!settled) finish();
  });
  req.on('error', () => {
    reading.delete(watched);
    if (!req.socket.destroyed) req.socket.destroy();
  });
}
