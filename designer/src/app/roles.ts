import type { Role, User } from '../api/types.ts';

/**
 * What each role also may do, as the server's `runtime/src/auth/roles.ts` has it (docs/api.md,
 * "Auth and users"): editors and publishers read and preview, testers read, supervisors do what
 * agents do and read. Admin passes everything.
 */
const IMPLIED: Record<Role, Role[]> = {
  admin: [],
  editor: ['viewer', 'tester'],
  publisher: ['viewer', 'tester'],
  tester: ['viewer'],
  viewer: [],
  agent: [],
  supervisor: ['agent', 'viewer'],
};

/** Whether the user may act where one of `needed` is required (the server's rule). */
export function holdsRole(user: User | null | undefined, ...needed: Role[]): boolean {
  if (!user) return false;
  if (user.roles.includes('admin')) return true;
  return user.roles.some((held) => needed.includes(held) || IMPLIED[held].some((r) => needed.includes(r)));
}

/** The roles that read flows: who works in the editor. */
const FLOW_ROLES: Role[] = ['editor', 'publisher', 'tester', 'viewer'];

/**
 * Where a user works, for `/` after signing in: admins and flow people on the flows, supervisors
 * on their board, agents in the inbox; null for an account with no role at all.
 */
export function homePath(user: User): string | null {
  if (user.roles.includes('admin') || user.roles.some((r) => FLOW_ROLES.includes(r))) return '/';
  if (user.roles.includes('supervisor')) return '/agent/supervision';
  if (user.roles.includes('agent')) return '/agent';
  return null;
}
