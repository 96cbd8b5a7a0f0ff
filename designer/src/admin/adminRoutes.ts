/** The administration screens and their addresses. */
export const ADMIN_SCREENS = ['users', 'bindings', 'tokens', 'password'] as const;
export type AdminScreen = (typeof ADMIN_SCREENS)[number];

export type AdminRoute = { name: 'admin'; screen: AdminScreen };

const PATHS: Record<AdminScreen, string> = {
  users: '/admin/users',
  bindings: '/admin/bindings',
  tokens: '/account/tokens',
  password: '/account/password',
};

export const adminPath = (screen: AdminScreen) => PATHS[screen];

/** `/admin/users`, `/admin/bindings`, `/account/tokens`, `/account/password`; null for any other address. */
export function parseAdminRoute(pathname: string): AdminRoute | null {
  const path = pathname.replace(/\/+$/, '');
  const screen = ADMIN_SCREENS.find((s) => PATHS[s] === path);
  return screen ? { name: 'admin', screen } : null;
}
