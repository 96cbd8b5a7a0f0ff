import type { JsonValue } from '@griot/flows';
import type { AuditEntry, Store } from '../store/types.ts';

export interface AuditRecord {
  actor: string;
  /** `flow.create`, `draft.save`, `flow.publish`, `environment.promote`, `binding.update`… */
  action: string;
  /** `flow:<id>`, `binding:<id>`, `user:<id>`, `token:<id>`. */
  target: string;
  hashBefore?: string | undefined;
  hashAfter?: string | undefined;
  details?: Record<string, JsonValue>;
}

export interface AuditLog {
  record(entry: AuditRecord): Promise<AuditEntry>;
}

/** Every change is written with who, what, when and the content hash before and after. */
export function createAuditLog(store: Store, now: () => string, newId: () => string): AuditLog {
  return {
    async record(entry) {
      const full: AuditEntry = {
        id: newId(),
        at: now(),
        actor: entry.actor,
        action: entry.action,
        target: entry.target,
        ...(entry.hashBefore ? { hashBefore: entry.hashBefore } : {}),
        ...(entry.hashAfter ? { hashAfter: entry.hashAfter } : {}),
        ...(entry.details ? { details: entry.details } : {}),
      };
      await store.appendAudit(full);
      return full;
    },
  };
}
