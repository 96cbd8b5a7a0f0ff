import type { JsonValue } from '@griot/flows';

/** A channel's state for one conversation, and the revision it was read at. */
export interface ChannelState {
  value: JsonValue;
  revision: number;
}

/**
 * Small state a channel keeps per conversation between a platform's requests, when the
 * platform holds none itself (USSD: the screens shown, the page, the answers already read and the
 * screen last answered), or that every conversation of a number shares (WhatsApp: a recording's
 * media id, per number and content hash). The runtime's Store keeps it, shared by every instance, sealed under
 * GRIOT_DATA_KEY (it may hold a PUK code on a screen), never in backups, gone once expired.
 * Writes are conditional on the revision read, so two instances never both advance a conversation.
 */
export interface ChannelStates {
  /** The state under `key` while it has not expired; null otherwise. */
  get(key: string): Promise<ChannelState | null>;
  /**
   * Writes `value` when the stored state is still at `revision` (0: none, or an expired one) and
   * resolves once it is durable; false when another request wrote first (nothing written).
   */
  put(key: string, value: JsonValue, revision: number, expiresAt: string): Promise<boolean>;
  /**
   * As `put`, for a write this process may lose if it dies (a lease): resolves once the condition
   * is decided, without waiting for durability. The write is seen at once by every instance that
   * could write after it (a SQLite write holds the file's lock until its group commit), and is
   * durable with the next commit, before any later write of this process resolves: so a turn's
   * lease and the turn itself go to disk in one commit.
   */
  claim(key: string, value: JsonValue, revision: number, expiresAt: string): Promise<boolean>;
  delete(key: string): Promise<void>;
}
