import type { VersionSummary } from '../api/types.ts';

/** Lower case, without accents: « fête » is found by « fete ». */
const folded = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/**
 * Whether a version answers what someone typed in the history's search: its number (« v39 », or
 * « 39 » typed alone), a word of its name, message or author, or its date as the panel shows it
 * (« 11/2026 » for November). Every word typed must be found; a number typed among words
 * (« semaine 4 ») is one of the message's, never a digit of the time of day. `people`: the names the
 * history shows beside the date, searched as shown.
 */
export function versionMatches(version: VersionSummary, query: string, formatDate: (iso: string) => string, people = ''): boolean {
  const words = folded(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  // `people`: who the line names, as it names them (« Le jeton d’administration… » for the admin token, the requester beside the publisher).
  const text = folded([version.label ?? '', version.message, version.author ?? '', people].join(' '));
  const date = folded(formatDate(version.createdAt));
  return words.every((word) => {
    const numbered = /^v(\d+)$/.exec(word);
    if (numbered) return Number(numbered[1]) === version.number;
    if (/^\d+$/.test(word)) return (words.length === 1 && Number(word) === version.number) || new RegExp(`(^|\\D)${word}(\\D|$)`).test(text);
    return text.includes(word) || date.includes(word);
  });
}
