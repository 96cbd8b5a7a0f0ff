/**
 * The start's line for the one-off marking of contacts closed before their messages were masked
 * (MongoDB: once per database; SQLite: migration 29): how many, how long.
 */
export function closedContactsMarked(contacts: number, ms: number) {
  return {
    event: 'store.closedContactsMarked',
    level: 'info' as const,
    message: `one-off upgrade pass: ${contacts} contact(s) closed before their messages were masked marked in ${ms} ms (once per database; the masking pass masks them now, handoff.maskedLeftOver)`,
    counts: { contacts, ms },
  };
}
