import type { Actor, ServiceContext } from '../context.ts';
import type { Role, User } from '../store/types.ts';
import { conflict, notFound } from '../errors.ts';
import { hashPassword } from './passwords.ts';
import { publicUser, type PublicUser } from './publicUser.ts';
import { forgetLoginFailures } from './throttle/authThrottles.ts';

export interface NewUser {
  username: string;
  displayName?: string | undefined;
  password: string;
  roles: Role[];
}

export interface UserChanges {
  roles?: Role[] | undefined;
  password?: string | undefined;
  disabled?: boolean | undefined;
  displayName?: string | undefined;
}

export type UserService = ReturnType<typeof createUserService>;

/** Accounts and their roles (admin only at the API). */
export function createUserService(ctx: ServiceContext) {
  async function list(): Promise<PublicUser[]> {
    return (await ctx.store.listUsers()).map(publicUser);
  }

  async function create(actor: Actor, input: NewUser): Promise<PublicUser> {
    if (await ctx.store.getUserByName(input.username)) throw conflict('username_taken', `a user named ${input.username} exists`, { field: 'username', params: { username: input.username } });
    const user: User = {
      id: ctx.newId(),
      username: input.username,
      displayName: input.displayName ?? input.username,
      passwordHash: await hashPassword(input.password),
      roles: [...new Set(input.roles)],
      createdAt: ctx.now(),
      disabled: false,
    };
    await ctx.store.putUser(user);
    await ctx.audit.record({ actor: actor.username, action: 'user.create', target: `user:${user.id}`, details: { username: user.username, roles: user.roles } });
    return publicUser(user);
  }

  /** Refuses to leave the installation without an active admin (the admin token aside). */
  async function assertAdminRemains(changed: User): Promise<void> {
    const users = (await ctx.store.listUsers()).map((u) => (u.id === changed.id ? changed : u));
    const admins = users.filter((u) => u.roles.includes('admin') && !u.disabled);
    if (admins.length === 0) throw conflict('last_admin', 'this change would leave no active admin');
  }

  async function update(actor: Actor, id: string, changes: UserChanges): Promise<PublicUser> {
    const user = await ctx.store.getUser(id);
    if (!user) throw notFound('user_not_found', `no user ${id}`);
    const next: User = {
      ...user,
      ...(changes.roles ? { roles: [...new Set(changes.roles)] } : {}),
      ...(changes.disabled !== undefined ? { disabled: changes.disabled } : {}),
      ...(changes.displayName !== undefined ? { displayName: changes.displayName } : {}),
      ...(changes.password !== undefined ? { passwordHash: await hashPassword(changes.password) } : {}),
    };
    if (user.roles.includes('admin')) await assertAdminRemains(next);
    await ctx.store.putUser(next);
    // A new password set by an admin lifts the account's login blocks (not its addresses').
    if (changes.password !== undefined) await forgetLoginFailures(ctx.store, user.username);
    await ctx.audit.record({
      actor: actor.username,
      action: 'user.update',
      target: `user:${id}`,
      details: {
        changed: Object.keys(changes).filter((k) => changes[k as keyof UserChanges] !== undefined),
        roles: next.roles,
        disabled: next.disabled,
      },
    });
    return publicUser(next);
  }

  return { list, create, update };
}
