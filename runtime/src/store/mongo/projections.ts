/** Reads never return MongoDB's `_id`: the public records are the same as with SQLite. */
export const withoutId = { projection: { _id: 0 } } as const;
/** Sessions also lose the Date copy of expiresAt kept for the TTL index. */
export const withoutIdOrExpiry = { projection: { _id: 0, expiresAtDate: 0 } } as const;
/** Transcripts and caller profiles also lose the ids of the turns applied to them. */
export const withoutIdOrTurnIds = { projection: { _id: 0, turnIds: 0 } } as const;
/** Flows also lose the draft revision their name came from. */
export const flowFields = { projection: { _id: 0, nameRevision: 0 } } as const;
