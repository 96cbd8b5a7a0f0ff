import type { Role, User } from '../api/types.ts';
import type { AdminScreen } from './adminRoutes.ts';

/** The roles that include reading (docs/api.md, "some roles include others"). */
const READERS: Role[] = ['viewer', 'editor', 'publisher', 'tester', 'supervisor'];

const isAdmin = (user: User | null | undefined) => !!user?.roles.includes('admin');

/** Who may open each screen: as the API decides, so a screen never shows what its routes refuse. */
export const adminAccess = {
  manageUsers: isAdmin,
  editBindings: isAdmin,
  /** Listing one's own phone as a staging test number of a binding (the API's `tester`, which editors and publishers include). */
  addOwnTestNumber: (user: User | null | undefined) => isAdmin(user) || !!user?.roles.some((r) => r === 'tester' || r === 'editor' || r === 'publisher'),
  readBindings: (user: User | null | undefined) => isAdmin(user) || !!user?.roles.some((r) => READERS.includes(r)),
  /** Tokens and one's own password: anyone signed in as a user (the admin token is no user). */
  ownAccount: (user: User | null | undefined) => !!user,
};

export function mayOpen(screen: AdminScreen, user: User | null | undefined): boolean {
  if (screen === 'users') return adminAccess.manageUsers(user);
  if (screen === 'bindings') return adminAccess.readBindings(user);
  // The audit log names every login and its address; backups hold every account: admins only, as the API.
  if (screen === 'audit' || screen === 'backups') return adminAccess.manageUsers(user);
  return adminAccess.ownAccount(user);
}
