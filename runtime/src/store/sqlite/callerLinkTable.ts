import type Database from 'better-sqlite3';
import type { CallerLink } from '../types.ts';
import { joinsProfiles, linkToKeep, mergeLinkedProfiles } from '../callerLinks.ts';
import type { CallerTable } from './callerTable.ts';

const toLink = (r: { data: string }) => JSON.parse(r.data) as CallerLink;

/** Platform callers linked to numbers (`CallerLink`), keyed by the platform identity. */
export function createCallerLinkTable(db: Database.Database, callers: CallerTable) {
  const upsert = db.prepare<[string, string, string]>('INSERT INTO caller_links (key, number, data) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET number = excluded.number, data = excluded.data');
  const selectOne = db.prepare<[string], { data: string }>('SELECT data FROM caller_links WHERE key = ?');
  const selectOf = db.prepare<[string], { data: string }>('SELECT data FROM caller_links WHERE number = ? ORDER BY key');
  const selectAll = db.prepare<[], { data: string }>('SELECT data FROM caller_links ORDER BY key');
  const deleteOne = db.prepare<[string]>('DELETE FROM caller_links WHERE key = ?');
  const deleteDangling = db.prepare<[number]>('DELETE FROM caller_links WHERE rowid IN (SELECT rowid FROM caller_links WHERE number NOT IN (SELECT number FROM callers) LIMIT ?)');

  const get = (key: string): CallerLink | null => {
    const row = selectOne.get(key);
    return row ? toLink(row) : null;
  };
  return {
    get,
    /** Records the link and, for a verified one, merges the platform profile into the number's, in one transaction. */
    link: db.transaction((next: CallerLink): CallerLink => {
      const kept = linkToKeep(get(next.key), next);
      if (joinsProfiles(kept)) {
        const merged = mergeLinkedProfiles(callers.get(next.key), callers.get(kept.number), kept.number, next.linkedAt);
        if (merged) callers.put(merged);
        callers.remove(next.key);
      }
      upsert.run(kept.key, kept.number, JSON.stringify(kept));
      return kept;
    }),
    put: (link: CallerLink): void => void upsert.run(link.key, link.number, JSON.stringify(link)),
    of: (number: string): CallerLink[] => selectOf.all(number).map(toLink),
    remove: (key: string): boolean => deleteOne.run(key).changes > 0,
    /** Links whose number has no profile any more (it was purged): they go with it. */
    /** Up to `limit` links to numbers without a profile. */
    purgeDangling: (limit: number): number => deleteDangling.run(limit).changes,
    all: (): CallerLink[] => selectAll.all().map(toLink),
  };
}

export type CallerLinkTable = ReturnType<typeof createCallerLinkTable>;
