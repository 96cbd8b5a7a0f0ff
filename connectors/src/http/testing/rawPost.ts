import { request, type IncomingHttpHeaders } from 'node:http';

export interface RawAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  /** From the request's start to the end of the answer. */
  ms: number;
  /** Whether the server closed the connection after the answer. */
  closed: boolean;
}

export interface RawPost {
  headers?: Record<string, string>;
  /**
   * A `Content-Length` to declare while only `body` is sent, the request then kept open (a
   * client holding the socket); absent, `body` is sent whole, with its own length.
   */
  declare?: number;
  /** Sent without a length, in chunks of this many bytes (`Transfer-Encoding: chunked`). */
  chunked?: number;
  /** With `chunked`: the body never ends, a chunk sent every 20 ms after it until the answer (a client streaming without end). */
  endless?: boolean;
  /** Given up on after this long (the answer never came). */
  timeoutMs?: number;
}

/**
 * A POST on its own connection (no agent), for what fetch cannot do: declare a length and send
 * less, or stream a chunked body. Resolves with the answer once the server closed the connection
 * or kept it past the answer (100 ms); rejects when no answer came in `timeoutMs`.
 */
export function rawPost(url: string, body: string | Buffer, options: RawPost = {}): Promise<RawAnswer> {
  const started = performance.now();
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  return new Promise<RawAnswer>((resolve, reject) => {
    const length = options.chunked ? {} : { 'content-length': String(options.declare ?? bytes.length) };
    const req = request(url, { method: 'POST', agent: false, headers: { ...options.headers, ...length } });
    let answer: Omit<RawAnswer, 'closed'> | undefined;
    let streaming: ReturnType<typeof setInterval> | undefined;
    const timer = setTimeout(() => {
      clearInterval(streaming);
      req.destroy();
      reject(new Error(`no answer in ${options.timeoutMs ?? 3000} ms`));
    }, options.timeoutMs ?? 3000);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        answer = { status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - started };
        const open = setTimeout(() => finish(false), 100);
        req.socket?.once('close', () => {
          clearTimeout(open);
          finish(true);
        });
        if (req.socket?.destroyed) finish(true);
      });
    });
    let finished = false;
    const finish = (closed: boolean) => {
      if (finished || !answer) return;
      finished = true;
      clearTimeout(timer);
      clearInterval(streaming);
      req.destroy();
      resolve({ ...answer, closed });
    };
    // The server may close while this side still sends (that is the point): only a missing answer is a failure.
    req.on('error', () => {});
    if (options.chunked) {
      for (let at = 0; at < bytes.length; at += options.chunked) req.write(bytes.subarray(at, at + options.chunked));
      if (!options.endless) req.end();
      else {
        const chunk = bytes.subarray(0, options.chunked);
        streaming = setInterval(() => {
          if (answer || req.destroyed) clearInterval(streaming);
          else req.write(chunk);
        }, 20);
      }
    } else if (options.declare !== undefined) req.write(bytes);
    else req.end(bytes);
  });
}
