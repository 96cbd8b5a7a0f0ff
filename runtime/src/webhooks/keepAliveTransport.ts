import { Agent, request, type Dispatcher } from 'undici';

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

/** One HTTP exchange of an `http` node. Rejects with a `TimeoutError` past `timeoutMs`, or the connection's error. */
export type WebhookTransport = (url: string, request: WebhookRequest) => Promise<WebhookResponse>;

const MAX_REDIRECTS = 20;
/** Connections kept open per backend, shared by every look-up. */
const dispatcher = new Agent({ connections: 256, keepAliveTimeout: 4_000 });

/**
 * Look-ups with undici's `request` over kept-alive connections, instead of `fetch`: on the path
 * of a caller's turn, `fetch` (undici's WHATWG layer: streams, abort signals, header guards)
 * cost about 2.5 times as much CPU per request on loopback, and its slow tail showed up in the
 * WhatsApp benchmark. Redirects are followed (undici drops credentials when they leave the
 * origin), the body is read as UTF-8 text, and one deadline covers the whole exchange.
 */
export const keepAliveTransport: WebhookTransport = async (url, { method, headers, body, timeoutMs }) => {
  const signal = AbortSignal.timeout(timeoutMs);
  const response = await request(url, {
    method: method as Dispatcher.HttpMethod,
    headers: { accept: '*/*', 'user-agent': 'griot', ...headers },
    body,
    maxRedirections: MAX_REDIRECTS,
    dispatcher,
    signal,
  });
  // As Response.text(): UTF-8, a byte-order mark dropped.
  const text = (await response.body.text()).replace(/^\uFEFF/, '');
  return { status: response.statusCode, text };
};
