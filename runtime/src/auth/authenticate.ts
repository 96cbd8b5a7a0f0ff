import type { RequestHandler } from 'express';
import { parse as parseCookie } from 'cookie';
import { unauthenticated } from '../errors.ts';
import type { AuthService } from './authService.ts';
import { clientAddress } from './throttle/clientAddress.ts';

export const SESSION_COOKIE = 'griot_session';

/**
 * Finds who sends the request: `Authorization: Bearer` (API token or GRIOT_ADMIN_TOKEN) or the
 * session cookie. A bearer token that matches nothing is refused at once, and counted against
 * the client's address (429 once it sent too many); an unknown cookie is ignored (it may simply
 * have expired) and `requireRole` answers 401 where it matters.
 */
export function authenticate(auth: AuthService): RequestHandler {
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
      const principal = await auth.fromCookie(cookieValue);
      if (principal) req.principal = principal;
    }
    next();
  };
}
