import type { CannedReply } from './types.ts';

/** Canned replies by title as a French reader sorts them (case and accents aside), then id: both adapters list them so. */
export const sortedCanned = (replies: CannedReply[]): CannedReply[] =>
  replies.sort((a, b) => a.title.localeCompare(b.title, 'fr', { sensitivity: 'base' }) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
