import type { Request, RequestHandler } from 'express';
import { parse as parseCookie } from 'cookie';
import { BadInputError, unauthenticated } from '../errors.ts';
import type { AuthService } from './authService.ts';
import type { Principal } from './principal.ts';
import { clientAddress } from './throttle/clientAddress.ts';

export const SESSION_COOKIE = 'griot_session';

/**
 * `X-Griot-Background: 1`: the designer made this request by itself (a poll, a refresh after a
 * live event), not its user: it does not keep the session from its idle timeout, or a page left
 * open on a shared computer would stay signed in for ever.
 */
export const BACKGROUND_HEADER = 'x-griot-background';
/**
 * Made by the page, not its user: a request marked so, and the live-update stream's (an
 * EventSource sends `Accept: text/event-stream` and reopens by itself after every drop, so a flaky
 * network would otherwise keep an inbox left open signed in). A script using the session is use.
 */
const madeByThePage = (req: Request) => req.headers[BACKGROUND_HEADER] === '1' || (req.headers.accept ?? '').includes('text/event-stream');

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const originOf = (url: string): string | undefined => {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
};

/**
 * Whether a request's `Origin` is Griot's own: its Host (the designer, also through a proxy
 * that keeps Host, or the designer's dev server) or GRIOT_PUBLIC_URL. No Origin: not sent by a
 * page of another origin (browsers send it with every cross-origin POST, PUT, PATCH, DELETE).
 */
function fromOwnOrigin(origin: string | undefined, host: string | undefined, publicOrigin: string | undefined, overHttps = false): boolean {
  if (origin === undefined) return true;
  if (publicOrigin !== undefined && origin === publicOrigin) return true;
  if (origin === 'null' || host === undefined || originOf(origin) === undefined) return false;
  const page = new URL(origin);
  // Reached over https, a page of the same host over plain http is not Griot's own: a network
  // attacker can write one there, and a browser that leaves the scheme out of same-site sends the
  // cookie with its form.
  return page.host === host && !(overHttps && page.protocol === 'http:');
}

/**
 * Whether the browser says another site's page made the request (`Sec-Fetch-Site`): a link
 * followed or a window opened from it (no Origin on such a GET), a form, a script's fetch. Only
 * Griot's own pages use its API with the cookie; a page elsewhere must not act with it, not even
 * by a GET: opening the agents' event stream makes an offline agent « Disponible » and keeps
 * them so while it stays open, sending them contacts nobody answers. An Origin that is Griot's own
 * (GRIOT_PUBLIC_URL, the designer served from there) is honoured; no header: not a browser's page.
 */
function madeByAnotherSite(req: Request, publicOrigin: string | undefined): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site !== 'cross-site' && site !== 'same-site') return false;
  return req.headers.origin === undefined || !fromOwnOrigin(req.headers.origin, req.headers.host, publicOrigin, req.secure);
}

/**
 * Finds who sends the request: `Authorization: Bearer` (API token or GRIOT_ADMIN_TOKEN) or the
 * session cookie. A bearer token that matches nothing is refused at once, and counted against
 * the client's address (429 once it sent too many); an unknown cookie is ignored (it may simply
 * have expired) and `requireRole` answers 401 where it matters. A change (POST, PUT, PATCH,
 * DELETE) carrying the cookie from a page of another origin is refused, 403
 * `cross_origin_request`: SameSite=Lax lets a sibling site of the same domain send it; so is any
 * request the browser says another site's page made (`Sec-Fetch-Site`), a GET included.
 */
export function authenticate(auth: AuthService, options: { publicUrl?: string | undefined } = {}): RequestHandler {
  const publicOrigin = options.publicUrl ? originOf(options.publicUrl) : undefined;
  return async (req, _res, next) => {
    const header = req.headers.authorization;
    if (header) {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
      const principal = await auth.fromBearer(match?.[1] ?? '', clientAddress(req.ip));
      if (!principal) throw unauthenticated('the bearer token is not valid');
      req.principal = principal;
      return next();
    }
    const cookieValue = req.headers.cookie ? parseCookie(req.headers.cookie)[SESSION_COOKIE] : undefined;
    if (cookieValue) {
      if (!SAFE_METHODS.has(req.method) && !fromOwnOrigin(req.headers.origin, req.headers.host, publicOrigin, req.secure)) {
        throw new BadInputError('forbidden', 'cross_origin_request', `a change with the session cookie from another origin (${req.headers.origin}) is refused: use Griot's own pages, or an API token`);
      }
      if (madeByAnotherSite(req, publicOrigin)) {
        throw new BadInputError(
          'forbidden',
          'cross_origin_request',
          `a request with the session cookie made by another site's page (${req.headers.origin ?? 'a link or a window it opened'}) is refused: use Griot's own pages, or an API token`,
        );
      }
      const principal = await auth.fromCookie(cookieValue, !madeByThePage(req));
      if (principal) req.principal = principal;
    }
    next();
  };
}

/**
 * Who sends a request outside /api (a draft's recording at /audio), as `authenticate` finds them:
 * the bearer token (one that matches nothing counted against the address, as there) or the
 * session cookie; undefined for nobody, an unknown token or cookie included. Only for reads.
 * A cookie the browser sent with another site's request (an `<audio>` on a sibling site's page,
 * `Sec-Fetch-Site`) names nobody: that page gets what anyone gets, never a draft's take.
 */
export async function principalOf(auth: AuthService, req: Request, options: { publicUrl?: string | undefined } = {}): Promise<Principal | undefined> {
  const header = req.headers.authorization;
  if (header) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    return (await auth.fromBearer(match?.[1] ?? '', clientAddress(req.ip))) ?? undefined;
  }
  const cookieValue = req.headers.cookie ? parseCookie(req.headers.cookie)[SESSION_COOKIE] : undefined;
  if (!cookieValue || madeByAnotherSite(req, options.publicUrl ? originOf(options.publicUrl) : undefined)) return undefined;
  return (await auth.fromCookie(cookieValue)) ?? undefined;
}
