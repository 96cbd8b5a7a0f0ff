import type { JsonValue } from '@griot/flows';
import type { ChannelStates } from '@griot/connectors';
import type { Logger } from '../logger.ts';
import type { DataKeyring } from '../sensitive/dataKeys.ts';
import { isSealed, openJson, sealJson } from '../sensitive/dataCipher.ts';
import type { ChannelStateStore } from '../store/types.ts';

/**
 * The Store's channel states as channels use them: each value sealed under the data key (USSD
 * screens may show a PUK code or a balance), the conversation key as the cipher's additional
 * data, the clock the runtime's. A value that no longer opens (its key was retired) reads as
 * absent: the channel starts that conversation over. Without GRIOT_DATA_KEY values are stored as
 * they are, until they expire (minutes).
 */
export function sealedChannelStates(store: ChannelStateStore, keys: DataKeyring | undefined, now: () => string, log: Logger): ChannelStates {
  const context = (key: string) => `channelState:${key}`;
  return {
    async get(key) {
      const stored = await store.getChannelState(key, now());
      if (!stored) return null;
      if (!isSealed(stored.value)) return { value: stored.value, revision: stored.revision };
      const opened = openJson(keys, context(key), stored.value);
      if (!opened.ok) {
        log.warn({ event: 'channelState.unreadable', kid: stored.value.kid, reason: opened.reason }, 'a channel state does not open with the configured data keys: it is treated as absent');
        // Its revision still counts: the next write replaces it rather than racing it.
        return { value: null, revision: stored.revision };
      }
      return { value: opened.value as JsonValue, revision: stored.revision };
    },
    put: (key, value, revision, expiresAt) => store.putChannelState({ key, value: keys ? (sealJson(keys, context(key), value) as unknown as JsonValue) : value, expiresAt }, revision, now()),
    claim: (key, value, revision, expiresAt) => store.claimChannelState({ key, value: keys ? (sealJson(keys, context(key), value) as unknown as JsonValue) : value, expiresAt }, revision, now()),
    delete: (key) => store.deleteChannelState(key),
  };
}
