import type { JsonValue } from '@griot/flows';

/**
 * Small records with an expiry, the storage a `KeyValueLedger` needs. Implementations must make
 * `insertIfAbsent` atomic (two instances racing on one key: one wins).
 */
export interface ExpiringKeyValue {
  /** Stores the value when the key is absent or expired; true when it did. */
  insertIfAbsent(key: string, value: JsonValue, expiresAt: string): Promise<boolean>;
  /** The live value, or null when absent or expired. */
  get(key: string): Promise<JsonValue | null>;
  put(key: string, value: JsonValue, expiresAt: string): Promise<void>;
  /** Removes expired records; returns how many. */
  purgeExpired(): Promise<number>;
  close(): Promise<void>;
}
