import type { JsonValue } from '@griot/flows';
import type { ChannelStates } from '@griot/connectors';
import type { Logger } from '../logger.ts';
import type { DataKeyring } from '../sensitive/dataKeys.ts';
import { isSealed, openJson, sealText } from '../sensitive/dataCipher.ts';
import type { ChannelStateStore } from '../store/types.ts';
import { WrittenStates } from './WrittenStates.ts';

/**
 * The Store's channel states as channels use them: each value sealed under the data key (USSD
 * screens may show a PUK code or a balance), the conversation key as the cipher's additional
 * data, the clock the runtime's. A value that no longer opens (its key was retired) reads as
 * absent: the channel starts that conversation over. Without GRIOT_DATA_KEY values are stored as
 * they are, until they expire (minutes).
 *
 * A state this instance wrote is read back without opening it: the store is asked only where the
 * live state is (revision and expiry), and while that is still the write this instance made, its
 * value is the one kept here (`WrittenStates`). A USSD screen reads the state the previous screen
 * wrote, so this saves the row's JSON, the base64 and the AES-GCM of every screen but a session's
 * first, or one another instance answered.
 */
export function sealedChannelStates(store: ChannelStateStore, keys: DataKeyring | undefined, now: () => string, log: Logger): ChannelStates {
  const context = (key: string) => `channelState:${key}`;
  const written = new WrittenStates();
  const write = async (key: string, value: JsonValue, revision: number, expiresAt: string, claim: boolean) => {
    const how = (state: { key: string; value: JsonValue; expiresAt: string }) => (claim ? store.claimChannelState(state, revision, now()) : store.putChannelState(state, revision, now()));
    if (!keys) return how({ key, value, expiresAt });
    const text = JSON.stringify(value);
    // Whatever was kept of the key is about to be behind the store's, whether this write lands or not.
    written.forget(key);
    const landed = await how({ key, value: sealText(keys, context(key), text) as unknown as JsonValue, expiresAt });
    if (landed) written.keep(key, { revision: revision + 1, expiresAt, text });
    return landed;
  };
  return {
    async get(key) {
      const kept = written.take(key);
      if (kept) {
        const live = await store.getChannelStateRevision(key, now());
        if (!live) return null;
        if (live.revision === kept.revision && live.expiresAt === kept.expiresAt) {
          written.keep(key, kept);
          return { value: JSON.parse(kept.text) as JsonValue, revision: kept.revision };
        }
      }
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
    put: (key, value, revision, expiresAt) => write(key, value, revision, expiresAt, false),
    claim: (key, value, revision, expiresAt) => write(key, value, revision, expiresAt, true),
    async delete(key) {
      written.forget(key);
      await store.deleteChannelState(key);
    },
  };
}
