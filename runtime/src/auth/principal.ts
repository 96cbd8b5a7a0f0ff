import type { Role } from '../store/types.ts';

/** Who is making a request, however they proved it. */
export interface Principal {
  userId: string;
  username: string;
  displayName: string;
  roles: Role[];
  via: 'session' | 'token' | 'adminToken';
  /** Id of the login session or API token used, to log out or revoke. */
  credentialId: string;
  /**
   * A browser session of a user whose password Griot printed or an admin reset: until they
   * choose their own, only `/api/auth/me`, logout and the password change answer them.
   */
  mustChangePassword?: boolean;
  /** The user's assigned queues (User.queues); absent: every queue. */
  queues?: string[];
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** Set by `authenticate` when the request carries a valid cookie or bearer token. */
      principal?: Principal;
    }
  }
}
