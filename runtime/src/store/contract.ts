import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from './types.ts';
import { flowContract } from './contract/flowContract.ts';
import { bindingTesterContract } from './contract/bindingTesterContract.ts';
import { previewTranscriptContract } from './contract/previewTranscriptContract.ts';
import { versionContract } from './contract/versionContract.ts';
import { entryContract } from './contract/entryContract.ts';
import { conversationContract } from './contract/conversationContract.ts';
import { memoryContract } from './contract/memoryContract.ts';
import { callerLinkContract } from './contract/callerLinkContract.ts';
import { callerHistoryContract } from './contract/callerHistoryContract.ts';
import { turnContract } from './contract/turnContract.ts';
import { callerRaceContract } from './contract/callerRaceContract.ts';
import { accessContract } from './contract/accessContract.ts';
import { backupContract } from './contract/backupContract.ts';
import { handoffContract } from './contract/handoffContract.ts';
import { agentPresenceContract } from './contract/agentPresenceContract.ts';
import { throttleContract } from './contract/throttleContract.ts';
import { sensitiveContract } from './contract/sensitiveContract.ts';
import { messagingContract } from './contract/messagingContract.ts';
import { continuationContract } from './contract/continuationContract.ts';
import { analyticsContract } from './contract/analyticsContract.ts';
import { channelStateContract } from './contract/channelStateContract.ts';
import { audioContract, type CutUpload } from './contract/audioContract.ts';
import { copyFlowContract } from './contract/copyFlowContract.ts';
import { clusterContract } from './contract/clusterContract.ts';
import { publicationContract } from './contract/publicationContract.ts';
import { erasureContract, type StoredText } from './contract/erasureContract.ts';

/**
 * The behaviour every Store adapter must have, declared as vitest suites. Each test gets a
 * fresh, empty store from `makeStore`; stores are closed after each test. `storedText` reads
 * everything the adapter keeps, every table or collection, as text (the erasure's check);
 * `cutUpload` leaves what a process killed mid-upload leaves (the sweep's check).
 */
export function storeContract(name: string, makeStore: () => Promise<Store>, storedText: StoredText, cutUpload?: CutUpload): void {
  describe(`${name} store contract`, () => {
    let current: Store | undefined;
    const opened: Store[] = [];
    const store = (): Store => {
      if (!current) throw new Error('no store: storeContract opens one before each test');
      return current;
    };
    /** A second, empty store (restore targets). */
    const another = async () => {
      const extra = await makeStore();
      opened.push(extra);
      return extra;
    };

    beforeEach(async () => {
      current = await makeStore();
      opened.push(current);
    });
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((s) => s.close()));
      current = undefined;
    });

    it('answers ping while open', async () => {
      expect(await store().ping()).toBe(true);
    });

    flowContract(store);
    bindingTesterContract(store);
    versionContract(store);
    entryContract(store);
    conversationContract(store);
    memoryContract(store);
    previewTranscriptContract(store);
    callerLinkContract(store);
    callerHistoryContract(store);
    turnContract(store);
    callerRaceContract(store);
    accessContract(store);
    backupContract(store, another);
    handoffContract(store);
    agentPresenceContract(store);
    throttleContract(store, another);
    sensitiveContract(store, another);
    messagingContract(store, another);
    continuationContract(store, another);
    analyticsContract(store, another);
    channelStateContract(store, another);
    audioContract(store, another, cutUpload);
    copyFlowContract(store);
    clusterContract(store, another);
    publicationContract(store, another);
    erasureContract(store, storedText);
  });
}
