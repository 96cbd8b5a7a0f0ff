import { Router } from 'express';
import { z } from 'zod';
import type { UserService } from '../auth/userService.ts';
import type { HandoffEvents } from '../handoff/HandoffEvents.ts';
import { routeDefiner } from './defineRoute.ts';
import type { ApiRegistry } from './openapi/apiRegistry.ts';
import { CreatedUser, CreateUserBody, EndSessionsBody, PublicUserSchema, ResetPasswordResponse, SessionsEndedResponse, UpdateUserBody } from './schemas/authSchemas.ts';
import { clientAddress } from '../auth/throttle/clientAddress.ts';

const TAG = 'users';

/**
 * Accounts and roles; admin only. A change of a user's queues or roles is told to that user's open
 * agent streams (`assignment`): their inbox reads their account and its listing again at once.
 */
export function createUserRoutes(
  users: UserService,
  registry: ApiRegistry,
  events?: HandoffEvents,
  /** An admin ended the user's sessions or disabled them: « Hors ligne » at once (`by` the admin), their inbox streams end. */
  signedOut?: (user: { userId: string; username: string }, by: string) => Promise<void>,
): Router {
  const router = Router();
  const route = routeDefiner(router, registry);
  route({ method: 'get', path: '/api/users', operationId: 'listUsers', summary: 'List users', tag: TAG, access: ['admin'], response: z.array(PublicUserSchema) }, () => users.list());
  route(
    {
      method: 'post',
      path: '/api/users',
      operationId: 'createUser',
      summary: 'Create a user',
      tag: TAG,
      access: ['admin'],
      body: CreateUserBody,
      status: 201,
      response: CreatedUser,
      errors: [400, 409],
    },
    ({ principal, body }) => users.create(principal, body),
  );
  route(
    {
      method: 'patch',
      path: '/api/users/{id}',
      operationId: 'updateUser',
      summary: 'Change roles, password, display name or disable a user',
      tag: TAG,
      access: ['admin'],
      body: UpdateUserBody,
      response: PublicUserSchema,
      errors: [404, 409],
    },
    async ({ principal, params, body }) => {
      const user = await users.update(principal, params.id!, body);
      // Disabled: their sessions ended with it; they are no longer there, and their inbox streams end now.
      if (body.disabled === true && signedOut) await signedOut({ userId: user.id, username: user.username }, principal.username);
      else if (body.queues !== undefined || body.roles !== undefined) events?.publish({ type: 'assignment', id: user.id, at: new Date().toISOString() });
      return user;
    },
  );
  route(
    {
      method: 'post',
      path: '/api/users/{id}/reset-password',
      operationId: 'resetUserPassword',
      summary: 'Give a user a new password, shown once; they must change it at next login',
      tag: TAG,
      access: ['admin'],
      response: ResetPasswordResponse,
      errors: [404],
    },
    ({ principal, params }) => users.reset(principal, params.id!),
  );
  route(
    {
      method: 'post',
      path: '/api/users/{id}/end-sessions',
      operationId: 'endUserSessions',
      summary:
        "End another user's browser sessions on every computer (a stolen laptop, a session left open) without disabling them, and revoke their API tokens too with `revokeApiTokens`; their inbox streams end at once; audited `user.endSessions` (400 `own_sessions` for your own: POST /api/auth/logout-everywhere)",
      tag: TAG,
      access: ['admin'],
      body: EndSessionsBody,
      response: SessionsEndedResponse,
      errors: [400, 404],
    },
    async ({ principal, params, body, req }) => {
      const ended = await users.endSessions(principal, params.id!, body, clientAddress(req.ip));
      // Their open inbox streams check their credential again now, and end; they are « Hors ligne »
      // unless a page opened with an API token they kept is still open (its heartbeat brings them back).
      if (signedOut && ended.username) await signedOut({ userId: params.id!, username: ended.username }, principal.username);
      else events?.publish({ type: 'assignment', id: params.id!, at: new Date().toISOString() });
      return { sessionsEnded: ended.sessionsEnded, tokensRevoked: ended.tokensRevoked };
    },
  );
  return router;
}
