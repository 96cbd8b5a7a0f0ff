import { Router, type Request, type Response } from 'express';
import { queueScopeOf } from '../handoff/agentQueues.ts';
import { parse as parseCookie, serialize } from 'cookie';
import type { AuthService } from '../auth/authService.ts';
import { SESSION_COOKIE } from '../auth/authenticate.ts';
import type { Principal } from '../auth/principal.ts';
import { DEVICE_COOKIE, KNOWN_DEVICE_DAYS } from '../auth/knownDevice.ts';
import { clientAddress } from '../auth/throttle/clientAddress.ts';
import { routeDefiner } from './defineRoute.ts';
import type { ApiRegistry } from './openapi/apiRegistry.ts';
import { z } from 'zod';
import {
  ChangePasswordBody,
  CreateTokenBody,
  CreatedToken,
  LoggedOutEverywhereResponse,
  LoginBody,
  LogoutEverywhereBody,
  LoginResponse,
  MeResponse,
  PasswordChangedResponse,
  SessionResponse,
  TokenSchema,
} from './schemas/authSchemas.ts';

const TAG = 'auth';

/**
 * A browser signed out: it empties its HTTP cache of this site (answers the user's pages kept to
 * revalidate, such as the canned replies), so the next person on a shared computer finds none.
 * Not "storage": the device's display choices stay; the designer removes the user's own keys
 * itself (designer/src/app/deviceTraces.ts).
 */
function signedOutHere(res: Response): void {
  res.setHeader('Clear-Site-Data', '"cache"');
}

/** Login/logout with the session cookie, who am I, and personal API tokens. */
export function createAuthRoutes(
  auth: AuthService,
  registry: ApiRegistry,
  options: {
    secureCookie: boolean;
    /** The user signed out (here, or everywhere): agents go « Hors ligne » unless another page of theirs is still open. */
    signedOut?: (user: { userId: string; username: string }) => Promise<void>;
  },
): Router {
  const router = Router();
  const route = routeDefiner(router, registry);
  // Secure when GRIOT_PUBLIC_URL is https, or when this request came over https: directly, or as a
  // proxy named in GRIOT_TRUST_PROXY says (X-Forwarded-Proto; express's req.secure trusts no one else).
  const secure = (req: Request) => options.secureCookie || req.secure;
  const cookie = (req: Request, value: string, expires: Date) => serialize(SESSION_COOKIE, value, { httpOnly: true, sameSite: 'lax', path: '/', secure: secure(req), expires });
  // Sent only to the login and password routes, which alone read it; kept at logout (that is its point).
  const deviceCookie = (req: Request, value: string) =>
    serialize(DEVICE_COOKIE, value, { httpOnly: true, sameSite: 'strict', path: '/api/auth', secure: secure(req), maxAge: KNOWN_DEVICE_DAYS * 86_400 });
  const deviceOf = (header: string | undefined) => (header ? parseCookie(header)[DEVICE_COOKIE] : undefined);

  route(
    {
      method: 'post',
      path: '/api/auth/login',
      operationId: 'login',
      summary: 'Log in; sets the griot_session cookie (the session the browser held before, if any, ends) and the griot_device known-device cookie (throttled: 429 with Retry-After)',
      tag: TAG,
      access: 'public',
      body: LoginBody,
      bodyLimit: '16kb',
      response: LoginResponse,
      errors: [401, 429, 503],
    },
    async ({ body, req, res }) => {
      const previous = req.headers.cookie ? parseCookie(req.headers.cookie)[SESSION_COOKIE] : undefined;
      const result = await auth.login(body.username, body.password, clientAddress(req.ip), deviceOf(req.headers.cookie), previous);
      res.setHeader('Set-Cookie', [cookie(req, result.cookieValue, new Date(result.expiresAt)), ...(result.deviceCookieValue ? [deviceCookie(req, result.deviceCookieValue)] : [])]);
      return { user: result.user, expiresAt: result.expiresAt };
    },
  );

  route(
    { method: 'post', path: '/api/auth/logout', operationId: 'logout', summary: 'Log out; clears the cookie', tag: TAG, access: 'any', duringPasswordChange: true, status: 204 },
    async ({ principal, req, res }) => {
      await auth.logout(principal, clientAddress(req.ip));
      await options.signedOut?.(principal);
      res.setHeader('Set-Cookie', cookie(req, '', new Date(0)));
      signedOutHere(res);
    },
  );

  route(
    {
      method: 'post',
      path: '/api/auth/logout-everywhere',
      operationId: 'logoutEverywhere',
      summary:
        'Log out of every browser session of yours, this one included (a session left open on another computer, a cookie that may have been copied), and revoke your API tokens too with `revokeApiTokens`; clears the cookie; audited `auth.logoutEverywhere` (400 `no_user` for the admin token)',
      tag: TAG,
      access: 'any',
      duringPasswordChange: true,
      body: LogoutEverywhereBody,
      response: LoggedOutEverywhereResponse,
      errors: [400],
    },
    async ({ principal, body, req, res }) => {
      const ended = await auth.logoutEverywhere(principal, body, clientAddress(req.ip));
      await options.signedOut?.(principal);
      if (principal.via === 'session') {
        res.setHeader('Set-Cookie', cookie(req, '', new Date(0)));
        signedOutHere(res);
      }
      return ended;
    },
  );

  route({ method: 'get', path: '/api/auth/me', operationId: 'me', summary: 'The logged-in user', tag: TAG, access: 'any', duringPasswordChange: true, response: MeResponse }, ({ principal }) => ({
    user: userOf(principal),
  }));

  // The designer's first question, asked before anyone signs in: 200 with `user: null` rather than a 401 every page logs in its console.
  route({ method: 'get', path: '/api/auth/session', operationId: 'session', summary: 'The logged-in user, or null: never 401', tag: TAG, access: 'public', response: SessionResponse }, ({ req }) => {
    const principal = req.principal;
    return { user: principal ? userOf(principal) : null };
  });

  route(
    {
      method: 'post',
      path: '/api/auth/password',
      operationId: 'changePassword',
      summary: 'Change your own password (the current one is checked and throttled like a login; other sessions are logged out and your API tokens revoked unless `keepApiTokens`)',
      tag: TAG,
      access: 'any',
      duringPasswordChange: true,
      body: ChangePasswordBody,
      response: PasswordChangedResponse,
      errors: [400, 429, 503],
    },
    ({ principal, body, req }) => auth.changePassword(principal, body, clientAddress(req.ip), deviceOf(req.headers.cookie)),
  );

  route(
    {
      method: 'get',
      path: '/api/tokens',
      operationId: 'listTokens',
      summary: "Your API tokens (an admin: everyone's, with their owner); never the token itself",
      tag: TAG,
      access: 'any',
      response: z.array(TokenSchema),
    },
    ({ principal }) => auth.listTokens(principal),
  );

  route(
    {
      method: 'post',
      path: '/api/tokens',
      operationId: 'createToken',
      summary: 'Create an API token for yourself (shown once), from a signed-in session only; it expires after `expiresInDays` (default 90; null: never)',
      tag: TAG,
      access: 'any',
      body: CreateTokenBody,
      status: 201,
      errors: [403],
      response: CreatedToken,
    },
    ({ principal, body }) => auth.createToken(principal, body.name, body.expiresInDays),
  );

  route(
    { method: 'delete', path: '/api/tokens/{id}', operationId: 'revokeToken', summary: 'Revoke an API token (its owner or an admin)', tag: TAG, access: 'any', status: 204, errors: [404] },
    async ({ principal, params }) => {
      await auth.revokeToken(principal, params.id!);
    },
  );
  return router;
}

/** What the designer is told of the signed-in user (`/api/auth/me` and `/api/auth/session`). */
function userOf(principal: Principal) {
  return {
    id: principal.userId,
    username: principal.username,
    displayName: principal.displayName,
    roles: principal.roles,
    via: principal.via,
    mustChangePassword: principal.mustChangePassword === true,
    // The queues whose contacts the agent app shows (null: every queue).
    queues: (() => {
      const scope = queueScopeOf(principal);
      return scope === null ? null : [...scope];
    })(),
  };
}
