import { Agent, request, type Dispatcher } from 'undici';
import { publicOnlyConnector } from './publicOnlyConnector.ts';
import { RequestRefusedError } from './RequestRefusedError.ts';
import type { WebhookTransport } from './keepAliveTransport.ts';
import { pathEscape } from '@griot/flows';
import { withinScope } from './backendUrl.ts';

const MAX_REDIRECTS = 5;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** Connections kept open per backend, shared by every look-up. */
const backends = new Agent({ connections: 256, keepAliveTimeout: 4_000 });
/** Addresses written in flows: the resolved address is checked when each connection opens. */
const outside = new Agent({ connections: 64, keepAliveTimeout: 4_000, connect: publicOnlyConnector() });

/**
 * Look-ups with undici's `request` over kept-alive connections, instead of `fetch`: on the path
 * of a caller's turn, `fetch` (undici's WHATWG layer: streams, abort signals, header guards)
 * cost about 2.5 times as much CPU per request on loopback, and its slow tail showed up in the
 * WhatsApp benchmark. The body is read as UTF-8 text, and one deadline covers the whole exchange.
 *
 * Redirects are followed only within the origin that was called: undici's own redirects drop
 * `Authorization` when they leave it, but not an `X-Api-Key` header nor a re-sent body, and they
 * would let a backend send the request on to an address no one checked.
 */
export const undiciTransport: WebhookTransport = async (url, { method, headers, body, timeoutMs, destination, within, maxBytes = Number.POSITIVE_INFINITY }) => {
  const signal = AbortSignal.timeout(timeoutMs);
  const dispatcher = destination === 'outside' ? outside : backends;
  let current = new URL(url);
  let sending: { method: string; headers: Record<string, string>; body: string | undefined } = { method, headers: { accept: '*/*', 'user-agent': 'griot', ...headers }, body };
  // undici sends no `user:password@` of a URL: as Basic authentication, unless the node sets its own Authorization.
  if (current.username !== '' || current.password !== '') {
    const basic = Buffer.from(`${decodeURIComponent(current.username)}:${decodeURIComponent(current.password)}`, 'utf8').toString('base64');
    if (!Object.keys(sending.headers).some((name) => name.toLowerCase() === 'authorization')) sending.headers.authorization = `Basic ${basic}`;
    current.username = '';
    current.password = '';
  }
  for (let redirects = 0; ; redirects += 1) {
    const response = await request(current, { ...sending, method: sending.method as Dispatcher.HttpMethod, dispatcher, signal });
    const location = REDIRECTS.has(response.statusCode) ? [response.headers.location].flat()[0] : undefined;
    if (location === undefined || redirects === MAX_REDIRECTS) {
      return { status: response.statusCode, text: await readAtMost(response, maxBytes, current.host) };
    }
    await response.body.dump();
    const next = new URL(location, current);
    if (next.origin !== current.origin) {
      throw new RequestRefusedError(`${current.host} redirects to ${next.host}: Griot follows redirects only within the address it called, so the request and its credentials stay there`, {
        code: 'http.redirectElsewhere',
        params: { from: current.host, to: next.host },
      });
    }
    // The URL parser resolves `..` but keeps `..;`, which Tomcat or Spring behind the gateway reads as `..`.
    if (within && (!withinScope(next, within) || pathEscape(next.pathname.slice(within.basePath.length)) !== null)) {
      throw new RequestRefusedError(`${current.host} redirects to ${next.pathname}, outside the backend's base path ${within.basePath || '/'}: the request and its credentials stay under it`, {
        code: 'http.redirectElsewhere',
        params: { from: current.host, to: `${next.host}${next.pathname}` },
      });
    }
    // As browsers do: 303, and 301/302 after a POST, continue with a GET without the body.
    if (response.statusCode === 303 || (sending.method === 'POST' && response.statusCode !== 307 && response.statusCode !== 308)) {
      sending = { method: 'GET', headers: Object.fromEntries(Object.entries(sending.headers).filter(([name]) => !/^content-/i.test(name))), body: undefined };
    }
    current = next;
  }
};

/**
 * The body as UTF-8 text (as Response.text(): a byte-order mark dropped), read only up to
 * `maxBytes`: a larger answer (announced, or found while reading) is cut off there, its
 * connection closed rather than drained, and refused.
 */
async function readAtMost(response: Dispatcher.ResponseData, maxBytes: number, host: string): Promise<string> {
  const tooLarge = () => {
    // Destroyed, the body reports an AbortError no one waits for: it must not stop the process.
    response.body.on('error', () => {});
    response.body.destroy();
    return new RequestRefusedError(`${host} answered more than ${maxBytes} bytes, more than a look-up reads (GRIOT_HTTP_MAX_RESPONSE_BYTES)`, {
      code: 'http.tooLarge',
      params: { host, limit: String(maxBytes) },
    });
  };
  const announced = Number([response.headers['content-length']].flat()[0]);
  if (Number.isFinite(announced) && announced > maxBytes) throw tooLarge();
  // A length within the limit bounds the body (undici reads no byte past it): the usual answer takes the direct path.
  if (Number.isFinite(announced)) return (await response.body.text()).replace(/^\uFEFF/, '');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw tooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size)
    .toString('utf8')
    .replace(/^\uFEFF/, '');
}
