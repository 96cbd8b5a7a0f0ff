import type { RequestHandler } from 'express';
import type { Role } from '../store/types.ts';
import { BadInputError, forbidden, unauthenticated } from '../errors.ts';
import { rolesAllow } from './roles.ts';

/** What a session whose password must change hears from every other route. */
export const passwordChangeRequired = () =>
  new BadInputError('forbidden', 'password_change_required', 'choose your own password first (POST /api/auth/password): this one was printed or reset by an admin');

/**
 * Lets the request through when its principal holds one of `roles` (or a role implying it;
 * admin passes everything). No roles: any logged-in user. 401 without credentials, 403 without
 * the role, and 403 `password_change_required` while the principal must change a printed
 * password (so a hand-written route is closed to them too unless it says otherwise).
 */
export function requireRole(...roles: Role[]): RequestHandler {
  return roleGuard(roles, false);
}

/** Any logged-in user, also one who must first change their password (me, logout, the change itself). */
export function requireLoginDuringPasswordChange(): RequestHandler {
  return roleGuard([], true);
}

function roleGuard(roles: Role[], duringPasswordChange: boolean): RequestHandler {
  return (req, _res, next) => {
    const principal = req.principal;
    if (!principal) throw unauthenticated();
    if (principal.mustChangePassword && !duringPasswordChange) throw passwordChangeRequired();
    if (!rolesAllow(principal.roles, roles)) {
      throw forbidden(`this needs the role ${roles.join(' or ')}; ${principal.username} has ${principal.roles.join(', ') || 'no role'}`, {
        required: roles,
        username: principal.username,
        roles: principal.roles,
      });
    }
    next();
  };
}
