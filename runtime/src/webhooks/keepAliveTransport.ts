import { Agent as HttpAgent, request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

export interface WebhookRequest {
  method: string;
  headers: Record<string, string>;
  body?: string | undefined;
  /** For the whole exchange: connecting, sending, and reading the answer. */
  timeoutMs: number;
}

export interface WebhookResponse {
  status: number;
  text: string;
}

/** One HTTP exchange of an `http` node. Rejects with a `TimeoutError` past `timeoutMs`, or the socket's error. */
export type WebhookTransport = (url: string, request: WebhookRequest) => Promise<WebhookResponse>;

/** As `fetch` follows them: 303 (and 301/302 after a POST) become a GET without a body. */
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 20;
/** Connections kept open per backend; an idle one is closed before the backend's keep-alive hint runs out. */
const agents = {
  http: new HttpAgent({ keepAlive: true, maxSockets: 256 }),
  https: new HttpsAgent({ keepAlive: true, maxSockets: 256 }),
};

function timeoutError(ms: number): Error {
  const error = new Error(`no answer within ${ms} ms`);
  error.name = 'TimeoutError';
  return error;
}

/**
 * Look-ups over plain `node:http(s)` with connections kept alive per backend, instead of
 * `fetch`: on the path of a caller's turn, `fetch` (undici's WHATWG layer: streams, abort
 * signals, header guards) cost about 2.5 times as much CPU per request on loopback, and its
 * slow tail showed up in the WhatsApp benchmark. It keeps what performWebhook relied on from
 * `fetch`: redirects followed (Authorization dropped when they leave the origin), the body read
 * as UTF-8 text, one deadline for the whole exchange.
 */
export const keepAliveTransport: WebhookTransport = async (url, request) => {
  const deadline = Date.now() + request.timeoutMs;
  let target = new URL(url);
  let { method, body } = request;
  let headers: Record<string, string> = { accept: '*/*', 'user-agent': 'griot', ...request.headers };
  for (let redirects = 0; ; redirects += 1) {
    const response = await exchange(target, method, headers, body, deadline - Date.now());
    const location = REDIRECTS.has(response.status) ? response.location : undefined;
    if (location === undefined || redirects >= MAX_REDIRECTS) return { status: response.status, text: response.text };
    const next = new URL(location, target);
    if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === 'POST')) {
      method = 'GET';
      body = undefined;
      headers = Object.fromEntries(Object.entries(headers).filter(([name]) => !/^content-(type|length)$/i.test(name)));
    }
    if (next.origin !== target.origin) headers = Object.fromEntries(Object.entries(headers).filter(([name]) => name.toLowerCase() !== 'authorization'));
    target = next;
  }
};

function exchange(url: URL, method: string, headers: Record<string, string>, body: string | undefined, timeoutMs: number): Promise<WebhookResponse & { location?: string }> {
  if (timeoutMs <= 0) return Promise.reject(timeoutError(0));
  const https = url.protocol === 'https:';
  const send = https ? httpsRequest : httpRequest;
  const outgoing: OutgoingHttpHeaders = { ...headers };
  if (body !== undefined) outgoing['content-length'] = Buffer.byteLength(body);
  return new Promise((resolve, reject) => {
    const req = send(url, { method, headers: outgoing, agent: https ? agents.https : agents.http }, (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        clearTimeout(timer);
        // As Response.text(): UTF-8, a byte-order mark dropped.
        const text = Buffer.concat(chunks).toString('utf8').replace(/^\uFEFF/, '');
        const location = res.headers.location;
        resolve({ status: res.statusCode ?? 0, text, ...(location !== undefined ? { location } : {}) });
      });
      res.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
    const timer = setTimeout(() => req.destroy(timeoutError(timeoutMs)), timeoutMs);
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    req.end(body);
  });
}
