import type { ServiceContext } from '../context.ts';
import { hashPassword } from './passwords.ts';
import { oneTimePassword } from './secrets.ts';
import { credentialBlock, RESET_HINT } from './credentialBlock.ts';
import { BadInputError } from '../errors.ts';

/**
 * On the very first start there is nobody to log in as: create `admin` with a random password
 * and show it once, in a framed block outside the JSON log (`announce`: standard error by
 * default); the log says only that it was shown. Only its argon2 hash is stored.
 *
 * Two instances starting at once on an empty store both find no user: the store's unique
 * username lets one create `admin`; the other finds it taken, which means done (it shows no
 * password, since its own was never stored).
 */
export async function bootstrapAdmin(ctx: ServiceContext, announce: (text: string) => void): Promise<boolean> {
  if ((await ctx.store.countUsers()) > 0) return false;
  const password = oneTimePassword();
  const id = ctx.newId();
  try {
    await ctx.store.putUser({
      id,
      username: 'admin',
      displayName: 'Administrator',
      passwordHash: await hashPassword(password),
      roles: ['admin'],
      createdAt: ctx.now(),
      disabled: false,
      // Printed on the console: whoever logs in with it first chooses the real one.
      mustChangePassword: true,
    });
  } catch (error) {
    if (!(error instanceof BadInputError && error.code === 'username_taken')) throw error;
    ctx.logger.info({ event: 'auth.bootstrapAdmin', username: 'admin', createdElsewhere: true }, 'another instance created the first admin at the same moment');
    return false;
  }
  await ctx.audit.record({ actor: 'system', action: 'user.create', target: `user:${id}`, details: { username: 'admin', roles: ['admin'], bootstrap: true } });
  announce(
    credentialBlock('GRIOT: FIRST ADMIN PASSWORD, shown once (it is not in the log)', 'admin', password, [
      'Log in with it: Griot then asks for a password of your own (POST /api/auth/password).',
      `${RESET_HINT} admin`,
    ]),
  );
  ctx.logger.warn({ event: 'auth.bootstrapAdmin', username: 'admin' }, 'created the first admin; its one-time password was printed once on standard error, outside this log');
  return true;
}
