import type { ServiceContext } from '../context.ts';
import { hashPassword } from './passwords.ts';
import { randomSecret } from './secrets.ts';

/**
 * On the very first start there is nobody to log in as: create `admin` with a random password
 * and show it once. It goes to the terminal as plain text, not into the JSON log stream that
 * log collectors keep; only its argon2 hash is stored.
 */
export async function bootstrapAdmin(ctx: ServiceContext, announce: (text: string) => void): Promise<boolean> {
  if ((await ctx.store.countUsers()) > 0) return false;
  const password = randomSecret().slice(0, 20);
  const id = ctx.newId();
  await ctx.store.putUser({
    id,
    username: 'admin',
    displayName: 'Administrator',
    passwordHash: await hashPassword(password),
    roles: ['admin'],
    createdAt: ctx.now(),
    disabled: false,
  });
  await ctx.audit.record({ actor: 'system', action: 'user.create', target: `user:${id}`, details: { username: 'admin', roles: ['admin'], bootstrap: true } });
  announce(
    [
      '',
      '  Griot created the first user.',
      '    username: admin',
      `    password: ${password}`,
      '  This password is shown only once: log in and change it (PATCH /api/users/:id).',
      '',
    ].join('\n'),
  );
  return true;
}
