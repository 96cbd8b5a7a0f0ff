/**
 * Who saved the draft this tab did not have: this same user (in another tab, on another
 * computer), a named colleague, the server's admin token (a script or a tool of the IT team, no
 * person: never shown to an editor as « admin-token »), or nobody the server named. The follow
 * notice, the save badge and the conflict dialog say it the same way.
 */
export type SavedBy = { who: 'you' } | { who: 'colleague'; by: string } | { who: 'token' } | { who: 'unknown' };

/** The name the server records for a request made with GRIOT_ADMIN_TOKEN (runtime/src/auth/adminTokenPrincipal.ts; no user may take it). */
const ADMIN_TOKEN_PRINCIPAL = 'admin-token';

/**
 * A person the server recorded (who saved, wrote, published, asked, or acted in the audit log) as
 * the editor names them everywhere: their username, and the admin token in words, the way the
 * conflict dialog says it, never « admin-token ».
 */
export function principalName(principal: string, t: (key: 'conflict.adminToken') => string): string {
  return principal === ADMIN_TOKEN_PRINCIPAL ? t('conflict.adminToken') : principal;
}

export function savedBy(updatedBy: string | undefined, username: string | undefined): SavedBy {
  if (!updatedBy) return { who: 'unknown' };
  if (updatedBy === ADMIN_TOKEN_PRINCIPAL) return { who: 'token' };
  return updatedBy === username ? { who: 'you' } : { who: 'colleague', by: updatedBy };
}
