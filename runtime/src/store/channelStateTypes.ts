import type { JsonValue } from '@griot/flows';

/**
 * A channel's state for one conversation between a platform's requests (USSD: the screens of the
 * last turn, the one shown, the answers read and the screen last answered). `value` is sealed
 * under GRIOT_DATA_KEY by the runtime before it gets here (a screen may show a PUK code); never in
 * backups; gone once `expiresAt` passes (minutes).
 */
export interface StoredChannelState {
  /** The conversation (`ussd:<gateway session id>`), or what a channel keeps for every conversation (`whatsapp-media:<phone_number_id>:<sha256>`: an uploaded recording's media id, 25 days). */
  key: string;
  value: JsonValue;
  /** Raised by every write: a write names the revision it read. */
  revision: number;
  expiresAt: string;
}

/** The Store's part for channel states (SQLite table `channel_states`, MongoDB collection `channelStates`). */
export interface ChannelStateStore {
  /** The state under `key` while it has not expired at `now`. */
  getChannelState(key: string, now: string): Promise<StoredChannelState | null>;
  /**
   * Writes `value` under `key` at revision `expectedRevision + 1` when the stored one is still at
   * `expectedRevision` (0: none, or one expired at `now`), atomically across instances; resolves
   * once durable. False when another write came first (nothing written).
   */
  putChannelState(state: { key: string; value: JsonValue; expiresAt: string }, expectedRevision: number, now: string): Promise<boolean>;
  /**
   * The same conditional write, resolving once its condition is decided rather than once durable:
   * for what may be lost with this process (a USSD request's lease). SQLite: written in the open
   * group commit (other processes wait on the file's lock until it commits), committed with the
   * writes that follow it (the turn), no commit of its own; MongoDB: as `putChannelState`.
   */
  claimChannelState(state: { key: string; value: JsonValue; expiresAt: string }, expectedRevision: number, now: string): Promise<boolean>;
  deleteChannelState(key: string): Promise<void>;
  /** The keys starting with `prefix` of states not expired at `now`, with their expiry, in key order (a start-up pass over one channel's states). */
  listChannelStateKeys(prefix: string, now: string): Promise<Array<{ key: string; expiresAt: string }>>;
}

/** The first key past every key starting with `prefix` (its last character raised by one): a key range for an index. */
export function keyRangeEnd(prefix: string): string {
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}
