import { describe, expect, it } from 'vitest';
import { contentHash } from '@griot/flows';
import type { Store } from '../types.ts';
import { testFlow } from '../testFlow.ts';
import { at, binding, createFlow, draft, flowRecord, pointer, version } from './fixtures.ts';

/** Flows and drafts: what an editor sees when creating, saving and deleting. */
export function flowContract(store: () => Store) {
  describe('flows and drafts', () => {
    it('creates a flow with its draft at revision 1, lists and reads it', async () => {
      expect(await store().createFlow(flowRecord('hello'), draft('hello'))).toEqual({ ok: true });
      await createFlow(store(), 'another');
      expect(await store().listFlows()).toEqual([flowRecord('another'), flowRecord('hello')]);
      expect(await store().getFlow('hello')).toEqual(flowRecord('hello'));
      expect(await store().getDraft('hello')).toEqual(draft('hello'));
      expect(await store().getDraftHash('hello')).toBe(draft('hello').hash);
    });

    it('keeps what an imported flow’s file claimed of its creation', async () => {
      const imported = { ...flowRecord('imported'), importedFrom: { createdAt: '2020-01-01T00:00:00.000Z', createdBy: 'the publisher' } };
      expect(await store().createFlow(imported, draft('imported'))).toEqual({ ok: true });
      expect(await store().getFlow('imported')).toEqual(imported);
      expect(await store().listFlows()).toEqual([imported]);
    });

    it('refuses a second flow with the same id and keeps the first', async () => {
      await createFlow(store(), 'hello');
      const other = { ...draft('hello'), updatedBy: 'mallory' };
      expect(await store().createFlow({ ...flowRecord('hello'), name: 'Other' }, other)).toEqual({ ok: false, reason: 'exists' });
      expect((await store().getFlow('hello'))?.name).toBe('Flow hello');
      expect((await store().getDraft('hello'))?.updatedBy).toBe('alice');
    });

    it('answers null for a flow or draft that does not exist', async () => {
      expect(await store().getFlow('nope')).toBeNull();
      expect(await store().getDraft('nope')).toBeNull();
      expect(await store().getDraftHash('nope')).toBeNull();
      expect(await store().listFlows()).toEqual([]);
    });

    it('saves a draft on the current revision as the next revision, renaming the flow', async () => {
      await createFlow(store(), 'hello');
      const document = testFlow('hello', 'Renamed');
      const result = await store().saveDraft('hello', 1, document, contentHash(document), 'bob', at(1));
      expect(result).toEqual({ ok: true, draft: { flowId: 'hello', revision: 2, document, hash: contentHash(document), updatedAt: at(1), updatedBy: 'bob' } });
      expect(await store().getDraft('hello')).toEqual(result.ok && result.draft);
      expect(await store().getFlow('hello')).toMatchObject({ name: 'Renamed', updatedAt: at(1), createdAt: flowRecord('hello').createdAt });
    });

    it('refuses a save on a stale revision and returns the current draft', async () => {
      await createFlow(store(), 'hello');
      const mine = testFlow('hello', 'Mine');
      const theirs = testFlow('hello', 'Theirs');
      await store().saveDraft('hello', 1, theirs, contentHash(theirs), 'bob', at(1));
      const result = await store().saveDraft('hello', 1, mine, contentHash(mine), 'alice', at(2));
      expect(result).toEqual({ ok: false, reason: 'conflict', current: { flowId: 'hello', revision: 2, document: theirs, hash: contentHash(theirs), updatedAt: at(1), updatedBy: 'bob' } });
      expect((await store().getDraft('hello'))?.document.name).toBe('Theirs');
    });

    it('lets only one of two simultaneous saves on the same revision through', async () => {
      await createFlow(store(), 'hello');
      const docs = ['A', 'B', 'C'].map((name) => testFlow('hello', name));
      const results = await Promise.all(docs.map((d) => store().saveDraft('hello', 1, d, contentHash(d), 'bob')));
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.filter((r) => !r.ok && r.reason === 'conflict')).toHaveLength(2);
      expect((await store().getDraft('hello'))?.revision).toBe(2);
    });

    it('answers notFound when saving the draft of a flow that does not exist', async () => {
      const document = testFlow('ghost');
      expect(await store().saveDraft('ghost', 1, document, contentHash(document), 'bob')).toEqual({ ok: false, reason: 'notFound' });
    });

    it('deletes a flow with its draft, versions, environments and bindings, and nothing else', async () => {
      await createFlow(store(), 'hello');
      await createFlow(store(), 'kept');
      for (const id of ['hello', 'kept']) {
        await store().addVersion(version(id, 'v1'));
        await store().setEnvironment(id, 'production', null, pointer(id, 'production', 1));
      }
      await store().putBinding(binding('b-hello', 'hello', 'voice', '1919'));
      await store().putBinding(binding('b-kept', 'kept', 'whatsapp', '1919'));

      expect(await store().deleteFlow('hello')).toBe(true);
      expect(await store().getFlow('hello')).toBeNull();
      expect(await store().getDraft('hello')).toBeNull();
      expect(await store().listVersions('hello')).toEqual([]);
      expect(await store().getVersion('hello', 1)).toBeNull();
      expect(await store().getEnvironments('hello')).toEqual([]);
      expect(await store().getBinding('b-hello')).toBeNull();
      expect(await store().findBinding('voice', '1919')).toBeNull();

      expect(await store().listFlows()).toEqual([flowRecord('kept')]);
      expect(await store().getDraft('kept')).not.toBeNull();
      expect(await store().listVersions('kept')).toHaveLength(1);
      expect(await store().getEnvironment('kept', 'production')).not.toBeNull();
      expect(await store().getBinding('b-kept')).not.toBeNull();
      expect(await store().deleteFlow('hello')).toBe(false);
    });

    it('numbers the versions of a flow created again after deletion from 1', async () => {
      await createFlow(store(), 'hello');
      await store().addVersion(version('hello', 'old'));
      await store().addVersion(version('hello', 'old 2'));
      await store().deleteFlow('hello');
      await createFlow(store(), 'hello');
      expect((await store().addVersion(version('hello', 'new'))).number).toBe(1);
    });

    it('archives a flow nothing routes to, keeping its draft and versions, and restores it', async () => {
      await createFlow(store(), 'hello');
      await store().addVersion(version('hello', 'v1'));
      const archived = await store().archiveFlow('hello', at(30), 'publisher-pat');
      expect(archived).toEqual({ ok: true, flow: { ...flowRecord('hello'), archivedAt: at(30), archivedBy: 'publisher-pat' } });
      // Still there for the services, which hide it, and for backups.
      expect(await store().getFlow('hello')).toEqual({ ...flowRecord('hello'), archivedAt: at(30), archivedBy: 'publisher-pat' });
      expect(await store().listFlows()).toEqual([{ ...flowRecord('hello'), archivedAt: at(30), archivedBy: 'publisher-pat' }]);
      expect(await store().getDraft('hello')).toEqual(draft('hello'));
      expect(await store().listVersions('hello')).toHaveLength(1);

      expect(await store().archiveFlow('hello', at(31), 'someone')).toEqual({ ok: false, reason: 'archived', flow: expect.objectContaining({ archivedAt: at(30) }) });
      expect(await store().unarchiveFlow('hello')).toEqual(flowRecord('hello'));
      expect(await store().getFlow('hello')).toEqual(flowRecord('hello'));
      expect(await store().unarchiveFlow('hello')).toBeNull();
      expect(await store().unarchiveFlow('nope')).toBeNull();
      expect(await store().archiveFlow('nope', at(30), 'x')).toEqual({ ok: false, reason: 'notFound' });
    });

    it('refuses to archive a flow an environment points at or a binding routes to, and says which', async () => {
      await createFlow(store(), 'hello');
      await store().addVersion(version('hello', 'v1'));
      await store().setEnvironment('hello', 'staging', null, pointer('hello', 'staging', 1));
      const staged = await store().archiveFlow('hello', at(30), 'pat');
      expect(staged).toEqual({ ok: false, reason: 'live', environments: [pointer('hello', 'staging', 1)], bindings: [] });

      expect(await store().clearEnvironment('hello', 'staging', 1, at(31))).toBe(true);
      await store().putBinding(binding('b-hello', 'hello', 'voice', '1919'));
      expect(await store().archiveFlow('hello', at(32), 'pat')).toEqual({ ok: false, reason: 'live', environments: [], bindings: [binding('b-hello', 'hello', 'voice', '1919')] });
      expect((await store().getFlow('hello'))?.archivedAt).toBeUndefined();
    });

    it('remembers who vetted what an environment ran: the versions a publisher put there come back as written, and a pointer without them reads without', async () => {
      await createFlow(store(), 'hello');
      await store().addVersion(version('hello', 'v1'));
      await store().addVersion(version('hello', 'v2'));
      await store().setEnvironment('hello', 'staging', null, pointer('hello', 'staging', 1));
      expect(await store().getEnvironment('hello', 'staging')).toEqual(pointer('hello', 'staging', 1));
      expect(await store().getEnvironment('hello', 'staging')).not.toHaveProperty('vetted');
      const vetted = { ...pointer('hello', 'staging', 2, [1]), updatedBy: 'awa', vetted: [2] };
      expect(await store().setEnvironment('hello', 'staging', 1, vetted)).toEqual({ ok: true, pointer: vetted });
      expect(await store().getEnvironment('hello', 'staging')).toEqual(vetted);
      // An editor moving it after keeps the list, and the compare-and-set still holds.
      const moved = { ...pointer('hello', 'staging', 1, [1, 2]), updatedBy: 'mallory', vetted: [2] };
      expect(await store().setEnvironment('hello', 'staging', 1, moved)).toMatchObject({ ok: false, current: vetted });
      expect((await store().setEnvironment('hello', 'staging', 2, moved)).ok).toBe(true);
      expect(await store().getEnvironments('hello')).toEqual([moved]);
    });

    it('clears an environment only at the version the caller saw; clearing production marks the flow', async () => {
      await createFlow(store(), 'hello');
      await store().addVersion(version('hello', 'v1'));
      await store().setEnvironment('hello', 'staging', null, pointer('hello', 'staging', 1));
      await store().setEnvironment('hello', 'production', null, pointer('hello', 'production', 1));

      expect(await store().clearEnvironment('hello', 'production', 2, at(20))).toBe(false);
      expect(await store().getEnvironment('hello', 'production')).toEqual(pointer('hello', 'production', 1));
      expect(await store().clearEnvironment('hello', 'staging', 1, at(20))).toBe(true);
      expect((await store().getFlow('hello'))?.leftProductionAt).toBeUndefined();
      expect(await store().clearEnvironment('hello', 'production', 1, at(21))).toBe(true);
      expect(await store().getEnvironments('hello')).toEqual([]);
      expect(await store().getFlow('hello')).toEqual({ ...flowRecord('hello'), leftProductionAt: at(21) });
      expect(await store().clearEnvironment('hello', 'production', 1, at(22))).toBe(false);
    });

    it('purges flows archived before a date with their draft and versions, and nothing else', async () => {
      for (const id of ['old', 'recent', 'active']) {
        await createFlow(store(), id);
        await store().addVersion(version(id, 'v1'));
      }
      await store().archiveFlow('old', at(10), 'pat');
      await store().archiveFlow('recent', at(50), 'pat');

      expect(await store().purgeArchivedFlows(at(30))).toEqual([{ ...flowRecord('old'), archivedAt: at(10), archivedBy: 'pat' }]);
      expect(await store().getFlow('old')).toBeNull();
      expect(await store().getDraft('old')).toBeNull();
      expect(await store().listVersions('old')).toEqual([]);
      expect((await store().listFlows()).map((f) => f.id)).toEqual(['active', 'recent']);
      expect(await store().listVersions('recent')).toHaveLength(1);
      expect(await store().purgeArchivedFlows(at(30))).toEqual([]);
      // The id is free again; its versions start from 1.
      await createFlow(store(), 'old');
      expect((await store().addVersion(version('old', 'new'))).number).toBe(1);
    });
  });
}
