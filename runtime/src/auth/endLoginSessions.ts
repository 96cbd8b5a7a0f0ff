import type { ServiceContext } from '../context.ts';

/**
 * Ends every browser session of a user (except `keep`) and returns how many. The user's
 * `sessionsEpoch` changes first: a sign-in that was checking the password meanwhile (it read the
 * user before, and writes its session after the sessions were deleted) sees the change once its
 * session is written, and ends it (`login` in authService.ts). So a session the thief opened on
 * the stolen laptop as the admin clicked « Fermer ses sessions » does not survive the click, on
 * one instance or two, SQLite or MongoDB: both steps are single atomic writes.
 */
export async function endLoginSessionsOf(ctx: Pick<ServiceContext, 'store' | 'newId'>, userId: string, keep?: string): Promise<number> {
  await ctx.store.patchUser(userId, { sessionsEpoch: ctx.newId() });
  return ctx.store.deleteLoginSessionsOf(userId, keep);
}
