/** The administration screens and their addresses. */
export const ADMIN_SCREENS = ['users', 'bindings', 'audit', 'backups', 'tokens', 'password'] as const;
export type AdminScreen = (typeof ADMIN_SCREENS)[number];

export type AdminRoute = { name: 'admin'; screen: AdminScreen };

const PATHS: Record<AdminScreen, string> = {
  users: '/admin/users',
  bindings: '/admin/bindings',
  audit: '/admin/audit',
  backups: '/admin/backups',
  tokens: '/account/tokens',
  password: '/account/password',
};

export const adminPath = (screen: AdminScreen) => PATHS[screen];

/** `/admin/users`, `/admin/bindings`, `/admin/audit`, `/admin/backups`, `/account/tokens`, `/account/password`; null for any other address. */
export function parseAdminRoute(pathname: string): AdminRoute | null {
  const path = pathname.replace(/\/+$/, '');
  const screen = ADMIN_SCREENS.find((s) => PATHS[s] === path);
  return screen ? { name: 'admin', screen } : null;
}
