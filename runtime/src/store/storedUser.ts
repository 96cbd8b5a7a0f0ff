import { ROLES } from '../auth/roles.ts';
import type { Role, User } from './types.ts';

const KNOWN: ReadonlySet<unknown> = new Set<unknown>(ROLES);

/**
 * A user row as every reader may trust it: `roles` only the roles this Griot knows. A row edited
 * by hand in MongoDB, or restored from a backup before restore checked its users, may hold
 * `roles: "readmin"` (a string: `includes('admin')` is true, it signed in as an admin), `null`
 * (the server failed at start) or a role that does not exist (500 on each request): such a row
 * grants nothing it does not name as a list of known roles. Its other fields are as stored.
 */
export function storedUser<T extends User | null>(user: T): T {
  if (user === null) return user;
  const roles: unknown = user.roles;
  if (Array.isArray(roles) && roles.every((role) => KNOWN.has(role))) return user;
  return { ...user, roles: Array.isArray(roles) ? (roles.filter((role) => KNOWN.has(role)) as Role[]) : [] };
}
