import { describe, expect, it } from 'vitest';
import type { AuditFilter, Store, User } from '../types.ts';
import { at, auditEntry, loginSession, token, user } from './fixtures.ts';

/** Who may do what, and the trace of what they did. */
export function accessContract(store: () => Store) {
  describe('audit', () => {
    it('lists entries newest first, by target, up to a limit', async () => {
      await store().appendAudit(auditEntry('a1', 1));
      await store().appendAudit(auditEntry('a2', 2, 'binding:b1'));
      await store().appendAudit(auditEntry('a3', 3));
      // Same instant as a3: the one written later is the newer.
      await store().appendAudit(auditEntry('a4', 3, 'binding:b1'));
      const ids = async (filter: AuditFilter) => (await store().listAudit(filter)).map((e) => e.id);
      expect(await ids({ limit: 10 })).toEqual(['a4', 'a3', 'a2', 'a1']);
      expect(await ids({ limit: 2 })).toEqual(['a4', 'a3']);
      expect(await ids({ target: 'flow:hello', limit: 10 })).toEqual(['a3', 'a1']);
      expect(await ids({ target: 'user:nobody', limit: 10 })).toEqual([]);
      expect((await store().listAudit({ limit: 1, target: 'flow:hello' }))[0]).toEqual(auditEntry('a3', 3));
    });

    it('filters by who, what and when, and pages on from the last entry seen', async () => {
      await store().appendAudit(auditEntry('b1', 1));
      await store().appendAudit({ ...auditEntry('b2', 2), actor: 'kofi', action: 'flow.publish' });
      await store().appendAudit(auditEntry('b3', 3));
      // Same instant as b3: a page cut between them loses neither.
      await store().appendAudit({ ...auditEntry('b4', 3, 'binding:b1'), action: 'flow.publish' });
      await store().appendAudit(auditEntry('b5', 5));
      const ids = async (filter: AuditFilter) => (await store().listAudit(filter)).map((e) => e.id);
      expect(await ids({ actor: 'kofi', limit: 10 })).toEqual(['b2']);
      expect(await ids({ action: 'flow.publish', limit: 10 })).toEqual(['b4', 'b2']);
      expect(await ids({ action: 'flow.publish', target: 'flow:hello', limit: 10 })).toEqual(['b2']);
      expect(await ids({ from: at(2), to: at(5), limit: 10 })).toEqual(['b4', 'b3', 'b2']);
      expect(await ids({ limit: 2 })).toEqual(['b5', 'b4']);
      expect(await ids({ before: 'b4', limit: 2 })).toEqual(['b3', 'b2']);
      expect(await ids({ before: 'b2', limit: 2 })).toEqual(['b1']);
      expect(await ids({ before: 'b5', action: 'draft.save', limit: 10 })).toEqual(['b3', 'b1']);
      expect(await ids({ before: 'no-such-entry', limit: 10 })).toEqual([]);
    });
  });

  describe('users, tokens and login sessions', () => {
    it('stores users, finds them by id and name, and updates them', async () => {
      expect(await store().countUsers()).toBe(0);
      await store().putUser(user('u1', 'awa'));
      await store().putUser(user('u2', 'kofi'));
      expect(await store().countUsers()).toBe(2);
      expect(await store().getUser('u1')).toEqual(user('u1', 'awa'));
      expect(await store().getUserByName('kofi')).toEqual(user('u2', 'kofi'));
      expect(await store().getUserByName('nobody')).toBeNull();
      expect(await store().getUser('nobody')).toBeNull();

      const changed = { ...user('u1', 'awa'), roles: ['admin' as const], disabled: true };
      await store().putUser(changed);
      expect(await store().getUser('u1')).toEqual(changed);
      expect((await store().listUsers()).map((u) => u.username)).toEqual(['awa', 'kofi']);
      expect(await store().countUsers()).toBe(2);
    });

    it('reads a user row holding roles it does not know as granting none of them (a string "readmin" is no admin)', async () => {
      // A row edited by hand, or restored from a backup before restore checked its users.
      const stored = (id: string, username: string, roles: unknown) => ({ ...user(id, username), roles }) as unknown as User;
      await store().putUser(stored('u1', 'ama', 'readmin'));
      await store().putUser(stored('u2', 'yaw', null));
      await store().putUser(stored('u3', 'kofi', ['editor', 'superadmin']));
      expect((await store().getUser('u1'))?.roles).toEqual([]);
      expect((await store().getUserByName('ama'))?.roles).toEqual([]);
      expect((await store().getUser('u2'))?.roles).toEqual([]);
      expect((await store().getUserByName('kofi'))?.roles).toEqual(['editor']);
      expect((await store().listUsers()).map((u) => [u.username, u.roles])).toEqual([
        ['ama', []],
        ['kofi', ['editor']],
        ['yaw', []],
      ]);
      expect((await store().patchUser('u1', { displayName: 'Ama' }))?.roles).toEqual([]);
    });

    it('changes only the fields a patch names, on the user as stored, and creates nobody', async () => {
      await store().putUser({ ...user('u1', 'awa'), queues: ['support-fr'], mustChangePassword: true });
      // An admin disables the account and assigns other queues while a password was being hashed.
      await store().putUser({ ...user('u1', 'awa'), queues: ['support-en'], disabled: true, mustChangePassword: true });
      const patched = await store().patchUser('u1', { passwordHash: 'new-hash', mustChangePassword: false });
      const expected = { ...user('u1', 'awa'), queues: ['support-en'], disabled: true, passwordHash: 'new-hash', mustChangePassword: false };
      expect(patched).toEqual(expected);
      expect(await store().getUser('u1')).toEqual(expected);
      expect(await store().getUserByName('awa')).toEqual(expected);
      // `undefined` removes a field: every queue again.
      const { queues: _queues, ...everyQueue } = expected;
      expect(await store().patchUser('u1', { queues: undefined, roles: ['agent'] })).toEqual({ ...everyQueue, roles: ['agent'] });
      expect(await store().getUser('u1')).toEqual({ ...everyQueue, roles: ['agent'] });
      expect(await store().patchUser('nobody', { disabled: true })).toBeNull();
      expect(await store().getUser('nobody')).toBeNull();
      expect(await store().countUsers()).toBe(1);
    });

    it('refuses a second user with a taken username', async () => {
      await store().putUser(user('u1', 'awa'));
      await expect(store().putUser(user('u2', 'awa'))).rejects.toMatchObject({ code: 'username_taken' });
      expect(await store().countUsers()).toBe(1);
    });

    it('creates one of two users whose names differ only by case, created at once', async () => {
      const results = await Promise.allSettled([store().createUser(user('u1', 'Admin')), store().createUser(user('u2', 'admin'))]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(refused.reason).toMatchObject({ code: 'username_taken' });
      expect((await store().listUsers()).map((u) => u.username)).toHaveLength(1);
      // The one created is updated as any other, and still holds its name.
      const [created] = await store().listUsers();
      await store().putUser({ ...created!, displayName: 'Chef' });
      expect(await store().getUser(created!.id)).toEqual({ ...created!, displayName: 'Chef' });
      await expect(store().createUser(user('u3', 'ADMIN'))).rejects.toMatchObject({ code: 'username_taken', params: { username: created!.username } });
    });

    it('keeps and updates a pair of names an older version let in, and creates no third', async () => {
      await store().putUser(user('u1', 'Awa'));
      await store().putUser(user('u2', 'awa'));
      await store().putUser({ ...user('u1', 'Awa'), disabled: true });
      await store().putUser({ ...user('u2', 'awa'), displayName: 'Awa K.' });
      expect((await store().listUsers()).map((u) => [u.username, u.disabled, u.displayName])).toEqual([
        ['Awa', true, 'AWA'],
        ['awa', false, 'Awa K.'],
      ]);
      await expect(store().createUser(user('u3', 'AWA'))).rejects.toMatchObject({ code: 'username_taken' });
      await store().createUser(user('u4', 'kofi'));
      expect(await store().getUserByName('kofi')).toEqual(user('u4', 'kofi'));
    });

    it('finds an API token by its hash and revokes it', async () => {
      await store().putUser(user('u1', 'awa'));
      await store().putToken(token('tok_u1_a', 'u1', 'hash-a'));
      await store().putToken(token('tok_u1_b', 'u1', 'hash-b'));
      expect(await store().findToken('hash-a')).toEqual(token('tok_u1_a', 'u1', 'hash-a'));
      await store().putToken({ ...token('tok_u1_a', 'u1', 'hash-a'), lastUsedAt: at(5) });
      expect((await store().findToken('hash-a'))?.lastUsedAt).toBe(at(5));
      expect(await store().deleteToken('tok_u1_a')).toBe(true);
      expect(await store().deleteToken('tok_u1_a')).toBe(false);
      expect(await store().findToken('hash-a')).toBeNull();
      expect((await store().findToken('hash-b'))?.id).toBe('tok_u1_b');
    });

    it('keeps the expiry of an API token, and a token made without one has none', async () => {
      await store().putToken({ ...token('tok_u1_a', 'u1', 'hash-a'), expiresAt: at(90) });
      await store().putToken(token('tok_u1_b', 'u1', 'hash-b'));
      expect(await store().findToken('hash-a')).toEqual({ ...token('tok_u1_a', 'u1', 'hash-a'), expiresAt: at(90) });
      expect((await store().listTokens({ userId: 'u1' })).map((t) => t.expiresAt)).toEqual([at(90), undefined]);
      expect(await store().findToken('hash-b')).not.toHaveProperty('expiresAt');
      // Recording its use keeps its expiry.
      await store().putToken({ ...token('tok_u1_a', 'u1', 'hash-a'), expiresAt: at(90), lastUsedAt: at(5) });
      expect(await store().findToken('hash-a')).toMatchObject({ expiresAt: at(90), lastUsedAt: at(5) });
    });

    it('records when a token was last used, only forward, and never brings a revoked one back', async () => {
      await store().putToken({ ...token('tok_u1_a', 'u1', 'hash-a'), expiresAt: at(90) });
      expect(await store().touchToken('tok_u1_a', at(5))).toBe(true);
      expect(await store().findToken('hash-a')).toEqual({ ...token('tok_u1_a', 'u1', 'hash-a'), expiresAt: at(90), lastUsedAt: at(5) });
      expect(await store().touchToken('tok_u1_a', at(7))).toBe(true);
      // Another instance's older use arrives late: it changes nothing.
      expect(await store().touchToken('tok_u1_a', at(6))).toBe(false);
      expect((await store().listTokens({ userId: 'u1' })).map((t) => t.lastUsedAt)).toEqual([at(7)]);

      await store().deleteToken('tok_u1_a');
      expect(await store().touchToken('tok_u1_a', at(8))).toBe(false);
      expect(await store().findToken('hash-a')).toBeNull();
      expect(await store().listTokens({})).toEqual([]);
    });

    it("revokes every API token of one user, and no one else's", async () => {
      await store().putToken(token('tok_u1_a', 'u1', 'hash-a'));
      await store().putToken(token('tok_u1_b', 'u1', 'hash-b'));
      await store().putToken(token('tok_u2_a', 'u2', 'hash-c'));
      expect(await store().deleteTokensOf('u1')).toBe(2);
      expect(await store().findToken('hash-a')).toBeNull();
      expect(await store().findToken('hash-b')).toBeNull();
      expect(await store().listTokens({})).toEqual([token('tok_u2_a', 'u2', 'hash-c')]);
      expect(await store().deleteTokensOf('u1')).toBe(0);
    });

    it('keeps the must-change-password flag of a user until it is cleared', async () => {
      await store().putUser({ ...user('u1', 'admin'), mustChangePassword: true });
      expect((await store().getUser('u1'))?.mustChangePassword).toBe(true);
      expect((await store().getUserByName('admin'))?.mustChangePassword).toBe(true);
      expect((await store().listUsers())[0]?.mustChangePassword).toBe(true);
      await store().putUser({ ...user('u1', 'admin'), mustChangePassword: false });
      expect((await store().getUser('u1'))?.mustChangePassword).toBe(false);
    });

    it('keeps the queues an agent is assigned to, none, or every queue again', async () => {
      await store().putUser({ ...user('u1', 'fatou'), roles: ['agent'], queues: ['support-fr', 'whatsapp-fon'] });
      await store().putUser({ ...user('u2', 'kofi'), roles: ['agent'], queues: [] });
      expect((await store().getUser('u1'))?.queues).toEqual(['support-fr', 'whatsapp-fon']);
      expect((await store().getUserByName('fatou'))?.queues).toEqual(['support-fr', 'whatsapp-fon']);
      expect((await store().listUsers()).map((u) => u.queues)).toEqual([['support-fr', 'whatsapp-fon'], []]);
      // Every queue again: the field goes, rather than staying as an empty list (which means none).
      await store().putUser({ ...user('u1', 'fatou'), roles: ['agent'] });
      expect(await store().getUser('u1')).not.toHaveProperty('queues');
      expect((await store().getUser('u2'))?.queues).toEqual([]);
    });

    it("lists a user's own API tokens, or everyone's, never another user's by mistake", async () => {
      await store().putToken(token('tok_u2_a', 'u2', 'hash-c'));
      await store().putToken(token('tok_u1_b', 'u1', 'hash-b'));
      await store().putToken(token('tok_u1_a', 'u1', 'hash-a'));
      expect((await store().listTokens({ userId: 'u1' })).map((t) => t.id)).toEqual(['tok_u1_a', 'tok_u1_b']);
      expect(await store().listTokens({ userId: 'u2' })).toEqual([token('tok_u2_a', 'u2', 'hash-c')]);
      expect(await store().listTokens({ userId: 'nobody' })).toEqual([]);
      expect((await store().listTokens({})).map((t) => t.id)).toEqual(['tok_u1_a', 'tok_u1_b', 'tok_u2_a']);
      await store().deleteToken('tok_u1_a');
      expect((await store().listTokens({ userId: 'u1' })).map((t) => t.id)).toEqual(['tok_u1_b']);
    });

    it("logs a user out of every browser but the one kept, leaving other users' sessions", async () => {
      await store().putLoginSession(loginSession('s1', 'u1', at(60)));
      await store().putLoginSession(loginSession('s2', 'u1', at(60)));
      await store().putLoginSession(loginSession('s3', 'u1', at(60)));
      await store().putLoginSession(loginSession('s4', 'u2', at(60)));
      expect(await store().deleteLoginSessionsOf('u1', 's2')).toBe(2);
      expect(await store().getLoginSession('s1', at(0))).toBeNull();
      expect(await store().getLoginSession('s2', at(0))).toEqual(loginSession('s2', 'u1', at(60)));
      expect(await store().getLoginSession('s3', at(0))).toBeNull();
      expect(await store().getLoginSession('s4', at(0))).toEqual(loginSession('s4', 'u2', at(60)));
      expect(await store().deleteLoginSessionsOf('u1')).toBe(1);
      expect(await store().getLoginSession('s2', at(0))).toBeNull();
      expect(await store().deleteLoginSessionsOf('u1')).toBe(0);
    });

    it('keeps a login session until it expires or the user logs out', async () => {
      await store().putLoginSession(loginSession('s1', 'u1', at(60)));
      await store().putLoginSession(loginSession('s2', 'u1', at(60)));
      expect(await store().getLoginSession('s1', at(59))).toEqual(loginSession('s1', 'u1', at(60)));
      expect(await store().getLoginSession('s1', at(60))).toBeNull();
      await store().deleteLoginSession('s2');
      expect(await store().getLoginSession('s2', at(0))).toBeNull();
      expect(await store().getLoginSession('unknown', at(0))).toBeNull();
    });

    it('records when a login session was last used, only forward, never bringing an ended one back', async () => {
      await store().putLoginSession(loginSession('s1', 'u1', at(60)));
      expect(await store().touchLoginSession('s1', at(5))).toBe(true);
      expect(await store().getLoginSession('s1', at(6))).toEqual({ ...loginSession('s1', 'u1', at(60)), lastUsedAt: at(5) });
      // Another instance that saw an older use does not move it back.
      expect(await store().touchLoginSession('s1', at(3))).toBe(false);
      expect((await store().getLoginSession('s1', at(6)))?.lastUsedAt).toBe(at(5));
      expect(await store().touchLoginSession('s1', at(9))).toBe(true);
      expect((await store().getLoginSession('s1', at(10)))?.lastUsedAt).toBe(at(9));
      await store().deleteLoginSession('s1');
      expect(await store().touchLoginSession('s1', at(12))).toBe(false);
      expect(await store().getLoginSession('s1', at(13))).toBeNull();
    });

    it('ends a login session for idleness only while it is still idle as stored, once (two instances at the same moment)', async () => {
      // Never used: idle since it was created (at(0)).
      await store().putLoginSession(loginSession('s1', 'u1', at(600)));
      expect(await store().endIdleLoginSession('s1', at(0))).toBe(false);
      expect(await Promise.all([store().endIdleLoginSession('s1', at(30)), store().endIdleLoginSession('s1', at(30))])).toEqual(expect.arrayContaining([true, false]));
      expect(await store().getLoginSession('s1', at(31))).toBeNull();
      // Used at 40 (recorded by another instance meanwhile): idle since 40, not since its creation.
      await store().putLoginSession(loginSession('s2', 'u1', at(600)));
      await store().touchLoginSession('s2', at(40));
      expect(await store().endIdleLoginSession('s2', at(30))).toBe(false);
      expect(await store().endIdleLoginSession('s2', at(40))).toBe(false);
      expect((await store().getLoginSession('s2', at(41)))?.lastUsedAt).toBe(at(40));
      expect(await store().endIdleLoginSession('s2', at(41))).toBe(true);
      expect(await store().getLoginSession('s2', at(42))).toBeNull();
      expect(await store().endIdleLoginSession('unknown', at(50))).toBe(false);
    });
  });
}
