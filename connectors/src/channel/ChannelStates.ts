import type { JsonValue } from '@griot/flows';

/** A channel's state for one conversation, and the revision it was read at. */
export interface ChannelState {
  value: JsonValue;
  revision: number;
}

/**
 * Small state a channel keeps per conversation between a platform's requests, when the
 * platform holds none itself (USSD: the screens shown, the page, the answers already read and the
 * screen last answered). The runtime's Store keeps it, shared by every instance, sealed under
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
  delete(key: string): Promise<void>;
}
