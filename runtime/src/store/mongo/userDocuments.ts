import type { ClientSession, UpdateFilter } from 'mongodb';
import type { ApiToken, LoginSession, User, UserPatch } from '../types.ts';
import { conflict } from '../../errors.ts';
import type { MongoCollections } from './mongoCollections.ts';
import { isDuplicateKey } from './isDuplicateKey.ts';
import { withoutId, withoutIdOrExpiry } from './projections.ts';
import { storedUser } from '../storedUser.ts';

/** Users as the API knows them: without `_id` and the key of their name (`usernameKey`). */
const userFields = { projection: { _id: 0, usernameKey: 0 } } as const;

/** The login sessions of `userId`, all but `keep`: what logging a user out everywhere else deletes. */
export const sessionsOfUser = (userId: string, keep?: string) => ({ userId, ...(keep !== undefined ? { id: { $ne: keep } } : {}) });

/** A user's API tokens, or everyone's. */
export const tokensOf = (filter: { userId?: string }) => (filter.userId === undefined ? {} : { userId: filter.userId });

/** Accounts, API tokens (found by hash) and login sessions (dropped by TTL index once expired). */
export function createMongoUsers(c: MongoCollections) {
  const list = (options: { session?: ClientSession } = {}) =>
    c.users
      .find<User>({}, { ...userFields, ...options })
      .sort({ username: 1 })
      .toArray()
      .then((users) => users.map(storedUser));
  /** Who holds `username` in another letter case, if anyone. */
  const holderOf = async (username: string) => (await list()).find((u) => u.username.toLowerCase() === username.toLowerCase())?.username;
  const taken = (username: string, cause?: unknown) => conflict('username_taken', `a user named ${username} exists`, { field: 'username', cause, params: { username } });
  return {
    count: () => c.users.countDocuments(),
    list,
    get: async (id: string) => storedUser(await c.users.findOne<User>({ id }, userFields)),
    getByName: async (username: string) => storedUser(await c.users.findOne<User>({ username }, userFields)),
    async put(user: User): Promise<void> {
      // An update keeps the name's key its creation wrote (`create`): the key stays held.
      const held = await c.users.findOne<{ usernameKey?: string }>({ id: user.id }, { projection: { _id: 0, usernameKey: 1 } });
      try {
        await c.users.replaceOne({ id: user.id }, { ...user, ...(held?.usernameKey !== undefined ? { usernameKey: held.usernameKey } : {}) }, { upsert: true });
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        throw taken(user.username, error);
      }
    },
    /** One update on the stored document: only the fields `patch` names (`undefined`: removed). */
    async patch(id: string, patch: UserPatch): Promise<User | null> {
      const set = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
      const unset: Record<string, ''> = Object.fromEntries(Object.entries(patch).flatMap(([key, value]) => (value === undefined ? [[key, '' as const]] : [])));
      const update: UpdateFilter<User> = { ...(Object.keys(set).length > 0 ? { $set: set } : {}), ...(Object.keys(unset).length > 0 ? { $unset: unset } : {}) };
      if (Object.keys(update).length === 0) return storedUser(await c.users.findOne<User>({ id }, userFields));
      return storedUser((await c.users.findOneAndUpdate({ id }, update, { returnDocument: 'after', ...userFields })) as User | null);
    },
    /**
     * The name's lower case is written with the user (`usernameKey`, unique where present): of two
     * creations at once, on any instances, the database takes one. Users created by an older
     * version have no key: the check before the insert finds them (a pair they already form stays).
     */
    async create(user: User): Promise<void> {
      const held = await holderOf(user.username);
      if (held !== undefined) throw taken(held);
      try {
        await c.users.insertOne({ ...user, usernameKey: user.username.toLowerCase() } as User);
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        throw taken((await holderOf(user.username)) ?? user.username, error);
      }
    },
    async putToken(token: ApiToken): Promise<void> {
      await c.tokens.replaceOne({ id: token.id }, { ...token }, { upsert: true });
    },
    findToken: (tokenHash: string) => c.tokens.findOne<ApiToken>({ tokenHash }, withoutId),
    deleteToken: async (id: string) => (await c.tokens.deleteOne({ id })).deletedCount > 0,
    deleteTokensOf: async (userId: string) => (await c.tokens.deleteMany({ userId })).deletedCount,
    // No upsert: a token revoked meanwhile stays revoked. Only forward, as in SQLite.
    touchToken: async (id: string, usedAt: string) =>
      (await c.tokens.updateOne({ id, $or: [{ lastUsedAt: { $exists: false } }, { lastUsedAt: { $lt: usedAt } }] }, { $set: { lastUsedAt: usedAt } })).modifiedCount > 0,
    allTokens: (options: { session?: ClientSession } = {}) =>
      c.tokens
        .find<ApiToken>({}, { ...withoutId, ...options })
        .sort({ id: 1 })
        .toArray(),
    listTokens: (filter: { userId?: string }) => c.tokens.find<ApiToken>(tokensOf(filter), withoutId).sort({ id: 1 }).toArray(),
    async putLogin(session: LoginSession): Promise<void> {
      await c.loginSessions.replaceOne({ id: session.id }, { ...session, expiresAtDate: new Date(session.expiresAt) }, { upsert: true });
    },
    getLogin: (id: string, now: string) => c.loginSessions.findOne<LoginSession>({ id, expiresAt: { $gt: now } }, withoutIdOrExpiry),
    async deleteLogin(id: string): Promise<void> {
      await c.loginSessions.deleteOne({ id });
    },
    // No upsert: a session ended meanwhile stays ended. Only forward, as in SQLite.
    touchLogin: async (id: string, usedAt: string) =>
      (await c.loginSessions.updateOne({ id, $or: [{ lastUsedAt: { $exists: false } }, { lastUsedAt: { $lt: usedAt } }] }, { $set: { lastUsedAt: usedAt } })).modifiedCount > 0,
    // One deleteOne with the condition: of two instances finding it idle, one deletes it; a use recorded meanwhile keeps it.
    endIdleLogin: async (id: string, usedBefore: string) =>
      (
        await c.loginSessions.deleteOne({
          id,
          $or: [{ lastUsedAt: { $lt: usedBefore } }, { lastUsedAt: { $exists: false }, createdAt: { $lt: usedBefore } }],
        })
      ).deletedCount > 0,
    async deleteLoginsOf(userId: string, keep?: string): Promise<number> {
      return (await c.loginSessions.deleteMany(sessionsOfUser(userId, keep))).deletedCount;
    },
  };
}

export type MongoUsers = ReturnType<typeof createMongoUsers>;
