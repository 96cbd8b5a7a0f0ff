import type { OpenContact } from './serviceOrder.ts';

/**
 * The ids of the contacts the agent holds, joined by new lines (a string, so a selector returning
 * it redraws only when the set changes): the oldest taken first.
 */
export function myContactsKey(contacts: Record<string, OpenContact>, me: string | undefined): string {
  if (!me) return '';
  const mine: OpenContact[] = [];
  for (const contact of Object.values(contacts)) if (contact.status === 'assigned' && contact.agent === me) mine.push(contact);
  mine.sort((a, b) => (a.assignedAt ?? '').localeCompare(b.assignedAt ?? '') || a.seq - b.seq);
  return mine.map((c) => c.id).join('\n');
}

/** The ids of a `myContactsKey`. */
export function idsOfKey(key: string): string[] {
  return key === '' ? [] : key.split('\n');
}
