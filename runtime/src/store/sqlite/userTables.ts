import type Database from 'better-sqlite3';
import type { ApiToken, LoginSession, User, UserPatch } from '../types.ts';
import { conflict } from '../../errors.ts';
import { isUniqueViolation } from './isUniqueViolation.ts';
import { storedUser } from '../storedUser.ts';

const parse = <T>(r: { data: string }) => JSON.parse(r.data) as T;
const parseOrNull = <T>(r: { data: string } | undefined): T | null => (r ? parse<T>(r) : null);

/** Accounts, their API tokens (by hash) and browser login sessions. */
export function createUserTables(db: Database.Database) {
  const upsertUser = db.prepare<[string, string, string]>('INSERT INTO users (id, username, data) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET username = excluded.username, data = excluded.data');
  const countUsers = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM users');
  const selectUsers = db.prepare<[], { data: string }>('SELECT data FROM users ORDER BY username');
  const selectUser = db.prepare<[string], { data: string }>('SELECT data FROM users WHERE id = ?');
  const selectUserByName = db.prepare<[string], { data: string }>('SELECT data FROM users WHERE username = ?');
  const selectUsernames = db.prepare<[], string>('SELECT username FROM users').pluck();
  const nameTaken = (username: string) => conflict('username_taken', `a user named ${username} exists`, { field: 'username', params: { username } });
  // IMMEDIATE: the check and the insert hold the write lock together, also against another process on the file.
  const createUser = db.transaction((user: User) => {
    const wanted = user.username.toLowerCase();
    const held = selectUsernames.all().find((name) => name.toLowerCase() === wanted);
    if (held !== undefined) throw nameTaken(held);
    upsertUser.run(user.id, user.username, JSON.stringify(user));
  });
  // IMMEDIATE: read and written under the write lock, also against another process on the file.
  const patchUser = db.transaction((id: string, patch: UserPatch): User | null => {
    const user = parseOrNull<User>(selectUser.get(id));
    if (!user) return null;
    const next: Record<string, unknown> = { ...user, ...patch };
    for (const [key, value] of Object.entries(patch)) if (value === undefined) delete next[key];
    upsertUser.run(user.id, user.username, JSON.stringify(next));
    return next as unknown as User;
  });
  const upsertToken = db.prepare<[string, string, string]>(
    'INSERT INTO tokens (id, token_hash, data) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET token_hash = excluded.token_hash, data = excluded.data',
  );
  const selectToken = db.prepare<[string], { data: string }>('SELECT data FROM tokens WHERE token_hash = ?');
  const selectTokens = db.prepare<[], { data: string }>('SELECT data FROM tokens ORDER BY id');
  // Few tokens per installation: a scan of the JSON is cheaper than another migration.
  const selectTokensOf = db.prepare<[string], { data: string }>("SELECT data FROM tokens WHERE json_extract(data, '$.userId') = ? ORDER BY id");
  const deleteToken = db.prepare<[string]>('DELETE FROM tokens WHERE id = ?');
  const deleteTokensOf = db.prepare<[string]>("DELETE FROM tokens WHERE json_extract(data, '$.userId') = ?");
  const touchToken = db.prepare<{ id: string; usedAt: string }>(
    "UPDATE tokens SET data = json_set(data, '$.lastUsedAt', @usedAt) WHERE id = @id AND coalesce(json_extract(data, '$.lastUsedAt'), '') < @usedAt",
  );
  const upsertLogin = db.prepare<[string, string, string]>(
    'INSERT INTO login_sessions (id, expires_at, data) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET expires_at = excluded.expires_at, data = excluded.data',
  );
  const selectLiveLogin = db.prepare<[string, string], { data: string }>('SELECT data FROM login_sessions WHERE id = ? AND expires_at > ?');
  const deleteLogin = db.prepare<[string]>('DELETE FROM login_sessions WHERE id = ?');
  const touchLogin = db.prepare<{ id: string; usedAt: string }>(
    "UPDATE login_sessions SET data = json_set(data, '$.lastUsedAt', @usedAt) WHERE id = @id AND coalesce(json_extract(data, '$.lastUsedAt'), '') < @usedAt",
  );
  const deleteIdleLogin = db.prepare<{ id: string; usedBefore: string }>(
    "DELETE FROM login_sessions WHERE id = @id AND coalesce(json_extract(data, '$.lastUsedAt'), json_extract(data, '$.createdAt')) < @usedBefore",
  );
  const deleteLoginsOf = db.prepare<[string, string]>("DELETE FROM login_sessions WHERE json_extract(data, '$.userId') = ? AND id <> ?");
  const deleteExpiredLogins = db.prepare<[string, number]>('DELETE FROM login_sessions WHERE rowid IN (SELECT rowid FROM login_sessions WHERE expires_at <= ? LIMIT ?)');

  return {
    count: (): number => countUsers.get()?.n ?? 0,
    list: (): User[] => selectUsers.all().map((row) => storedUser(parse<User>(row))),
    get: (id: string): User | null => storedUser(parseOrNull<User>(selectUser.get(id))),
    getByName: (username: string): User | null => storedUser(parseOrNull<User>(selectUserByName.get(username))),
    put(user: User): void {
      try {
        upsertUser.run(user.id, user.username, JSON.stringify(user));
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        throw conflict('username_taken', `a user named ${user.username} exists`, { field: 'username', cause: error, params: { username: user.username } });
      }
    },
    patch: (id: string, patch: UserPatch): User | null => storedUser(patchUser.immediate(id, patch)),
    /** Accounts are few: the names are read and compared in JavaScript's lower case (SQLite's lower() folds ASCII only). */
    create(user: User): void {
      createUser.immediate(user);
    },
    putToken(token: ApiToken): void {
      upsertToken.run(token.id, token.tokenHash, JSON.stringify(token));
    },
    findToken: (tokenHash: string): ApiToken | null => parseOrNull<ApiToken>(selectToken.get(tokenHash)),
    deleteToken: (id: string): boolean => deleteToken.run(id).changes > 0,
    deleteTokensOf: (userId: string): number => deleteTokensOf.run(userId).changes,
    touchToken: (id: string, usedAt: string): boolean => touchToken.run({ id, usedAt }).changes > 0,
    allTokens: (): ApiToken[] => selectTokens.all().map(parse<ApiToken>),
    listTokens: (filter: { userId?: string }): ApiToken[] => (filter.userId === undefined ? selectTokens.all() : selectTokensOf.all(filter.userId)).map(parse<ApiToken>),
    putLogin(session: LoginSession): void {
      upsertLogin.run(session.id, session.expiresAt, JSON.stringify(session));
    },
    getLogin: (id: string, now: string): LoginSession | null => parseOrNull<LoginSession>(selectLiveLogin.get(id, now)),
    deleteLogin(id: string): void {
      deleteLogin.run(id);
    },
    touchLogin: (id: string, usedAt: string): boolean => touchLogin.run({ id, usedAt }).changes > 0,
    endIdleLogin: (id: string, usedBefore: string): boolean => deleteIdleLogin.run({ id, usedBefore }).changes > 0,
    deleteLoginsOf: (userId: string, keep = ''): number => deleteLoginsOf.run(userId, keep).changes,
    /** Up to `limit` expired login sessions. */
    purgeLogins: (now: string, limit: number): number => deleteExpiredLogins.run(now, limit).changes,
  };
}

export type UserTables = ReturnType<typeof createUserTables>;
