import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

/** Errors where a request certainly never reached the platform: safe to send again. */
const NOT_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

export interface KeepAlivePosterOptions {
  /** `https://…` or a fake's loopback URL: decides between `node:https` and `node:http`. */
  baseUrl: string;
  /** Per POST: connect, send and answer. */
  timeoutMs: number;
  /** Connections kept open (keep-alive); default 64. */
  maxSockets?: number;
  /**
   * Rejects with only the error's code, never Node's message, which may quote the URL
   * (Telegram's holds the bot token).
   */
  codeOnlyErrors?: boolean;
}

export interface PostAnswer {
  status: number;
  headers: IncomingMessage['headers'];
  text: string;
}

/**
 * JSON POSTs to a messaging platform over keep-alive connections, with a deadline for the whole
 * exchange. Plain `node:http(s)`: a send is on the path of every reply. What an answer means
 * (and whether to retry) is each platform client's own.
 */
export class KeepAlivePoster {
  private readonly agent: HttpAgent;
  private readonly request: typeof httpRequest;

  constructor(private readonly options: KeepAlivePosterOptions) {
    const https = options.baseUrl.startsWith('https:');
    const agentOptions = { keepAlive: true, maxSockets: options.maxSockets ?? 64 };
    this.agent = https ? new HttpsAgent(agentOptions) : new HttpAgent(agentOptions);
    this.request = https ? (httpsRequest as typeof httpRequest) : httpRequest;
  }

  /** Closes the kept-alive connections. */
  close(): void {
    this.agent.destroy();
  }

  /**
   * One POST (a JSON body unless `headers` give another content type). `onWritten` is called when the request has been handed whole to the operating
   * system: from then on the platform may act on it even if this process dies before the answer.
   * Rejects when no answer came (a timeout rejects with code `timeout`).
   */
  post(url: string, body: string | Uint8Array | readonly Uint8Array[], headers: Record<string, string>, onWritten: () => void): Promise<PostAnswer> {
    return new Promise((resolve, reject) => {
      // A body in pieces (a multipart upload: its fields, the file, the closing boundary) is written piece by piece, never joined.
      const pieces = typeof body === 'string' || body instanceof Uint8Array ? [body] : body;
      const length = pieces.reduce((n, piece) => n + Buffer.byteLength(piece), 0);
      // JSON unless the caller says otherwise (a multipart upload names its boundary).
      const sent = { 'content-type': 'application/json', ...headers, 'content-length': String(length) };
      const req = this.request(url, { method: 'POST', agent: this.agent, headers: sent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          clearTimeout(timer);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') });
        });
        res.on('error', (error) => {
          clearTimeout(timer);
          reject(error);
        });
      });
      const timer = setTimeout(() => req.destroy(Object.assign(new Error('timeout'), { code: 'timeout' })), this.options.timeoutMs);
      req.on('error', (error) => {
        clearTimeout(timer);
        reject(this.options.codeOnlyErrors ? Object.assign(new Error('request failed'), { code: (error as { code?: unknown }).code }) : error);
      });
      req.once('finish', onWritten);
      for (const piece of pieces.slice(0, -1)) req.write(piece);
      req.end(pieces.at(-1));
    });
  }
}

/** The code of a failed POST when it says the request never left (then it is safe to send again), else undefined. */
export function notConnectedCode(error: unknown): string | undefined {
  const code = errorCode(error);
  return code !== undefined && NOT_CONNECTED.has(code) ? code : undefined;
}

export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Calls `onWritten` at most once across a send's attempts: the first request out is what counts. */
export function onFirstWrite(onWritten: (() => void) | undefined): () => void {
  let written = false;
  return () => {
    if (written) return;
    written = true;
    onWritten?.();
  };
}
