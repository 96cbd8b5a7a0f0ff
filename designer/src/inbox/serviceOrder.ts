import type { HandoffContact } from '@griot/flows';

/** An open contact as the inbox keeps it: `seq` is the order the server listed it in (or it arrived). */
export interface OpenContact extends HandoffContact {
  seq: number;
}

/** ISO dates sort as plain strings (no locale rules: this runs on every change of a long queue). */
const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Waiting before assigned; then priority (lower first), arrival, and the order the server listed them in. */
export function byServiceOrder(a: OpenContact, b: OpenContact): number {
  return Number(a.status === 'assigned') - Number(b.status === 'assigned') || a.priority - b.priority || compareText(a.enqueuedAt, b.enqueuedAt) || a.seq - b.seq;
}
