import type { Role, User } from '../store/types.ts';

/** A user as the API shows it: never the password hash. */
export interface PublicUser {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  disabled: boolean;
  createdAt: string;
  /** The password was printed or reset by an admin: the user must choose their own at next login. */
  mustChangePassword: boolean;
  /** The queues the user answers as an agent; null: every queue (none assigned yet). */
  queues: string[] | null;
}

export function publicUser(user: User): PublicUser {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    roles: user.roles,
    disabled: user.disabled,
    createdAt: user.createdAt,
    mustChangePassword: user.mustChangePassword === true,
    queues: user.queues ?? null,
  };
}
