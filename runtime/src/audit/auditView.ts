import type { JsonValue } from '@griot/flows';
import type { AuditEntry } from '../store/types.ts';

/** Keys whose text must never leave the server, whatever a future entry puts under them. */
const SENSITIVE_KEY = /password|secret|passphrase|puk|^pin$|apikey|api_key|authorization|cookie|^token$|tokenHash|privateKey/i;
export const MASK = '•••';

function masked(value: JsonValue, key: string): JsonValue {
  if (typeof value === 'string') return SENSITIVE_KEY.test(key) ? MASK : value;
  if (Array.isArray(value)) return value.map((v) => masked(v, key));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, masked(v, k)]));
  return value;
}

/**
 * An audit entry as the API shows it. Entries are written without secrets (a number is a keyed
 * digest, a binding names its channel and address); this is the second fence: any text under a
 * key that names a secret reads `•••`, in the list and in the CSV alike.
 */
export function auditView(entry: AuditEntry): AuditEntry {
  return entry.details ? { ...entry, details: masked(entry.details, '') as Record<string, JsonValue> } : entry;
}
