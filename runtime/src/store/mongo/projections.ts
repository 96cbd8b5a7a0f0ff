/** Reads never return MongoDB's `_id`: the public records are the same as with SQLite. */
export const withoutId = { projection: { _id: 0 } } as const;
/** Sessions also lose the Date copy of expiresAt kept for the TTL index. */
export const withoutIdOrExpiry = { projection: { _id: 0, expiresAtDate: 0 } } as const;
