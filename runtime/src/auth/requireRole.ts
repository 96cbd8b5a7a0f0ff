import type { RequestHandler } from 'express';
import type { Role } from '../store/types.ts';
import { forbidden, unauthenticated } from '../errors.ts';
import { rolesAllow } from './roles.ts';

/**
 * Lets the request through when its principal holds one of `roles` (or a role implying it;
 * admin passes everything). No roles: any logged-in user. 401 without credentials, 403 without
 * the role.
 */
export function requireRole(...roles: Role[]): RequestHandler {
  return (req, _res, next) => {
    const principal = req.principal;
    if (!principal) throw unauthenticated();
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
