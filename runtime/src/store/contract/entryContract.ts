import { describe, expect, it } from 'vitest';
import type { Binding, Store } from '../types.ts';
import { testNumbersOf } from '../../bindings/testNumbers.ts';
import { binding, caller, createFlow, pointer, version } from './fixtures.ts';

/** Publishes versions 1…n of a flow; their hashes by number. */
async function publish(store: Store, flowId: string, count: number): Promise<Record<number, string>> {
  const hashes: Record<number, string> = {};
  for (let n = 1; n <= count; n += 1) {
    const stored = await store.addVersion(version(flowId, `${flowId} v${n}`));
    hashes[stored.number] = stored.hash;
  }
  return hashes;
}

/** What a new contact's start reads in one go: the binding, the archive mark, pointers and the hashes it may run. */
export function entryContract(store: () => Store) {
  describe('a new contact’s entry', () => {
    it('reads the binding with where its flow’s environments point and the hashes of those versions', async () => {
      await createFlow(store(), 'hello');
      await createFlow(store(), 'other');
      const hashes = await publish(store(), 'hello', 4);
      await publish(store(), 'other', 3);
      await store().setEnvironment('hello', 'staging', null, pointer('hello', 'staging', 3));
      await store().setEnvironment('hello', 'production', null, pointer('hello', 'production', 1));
      // A tester on version 2 (the fixture), another on staging; settings with names MongoDB refuses as they are.
      const bound: Binding = { ...binding('b-hello', 'hello'), testers: [...binding('b-hello', 'hello').testers, { number: '+2290197000002' }], settings: { 'a.b': { $c: 1 } } };
      await store().putBinding(bound);

      expect(await store().readEntry({ bindingId: 'b-hello' })).toEqual({
        binding: bound,
        flowId: 'hello',
        environments: { staging: 3, production: 1 },
        // Not version 4 (nothing runs it), nor 2 (a tester's own: read when they call), nor the other flow's.
        versionHashes: { 1: hashes[1], 3: hashes[3] },
      });
    });

    it('sees a binding changed since the last contact, and none once it is gone', async () => {
      await createFlow(store(), 'hello');
      await createFlow(store(), 'other');
      await publish(store(), 'hello', 1);
      const otherHashes = await publish(store(), 'other', 2);
      await store().setEnvironment('other', 'staging', null, pointer('other', 'staging', 2));
      await store().putBinding(binding('b', 'hello'));
      expect((await store().readEntry({ bindingId: 'b' }))?.flowId).toBe('hello');

      const moved: Binding = { ...binding('b', 'other'), environment: 'staging', testers: [] };
      await store().putBinding(moved);
      expect(await store().readEntry({ bindingId: 'b' })).toEqual({ binding: moved, flowId: 'other', environments: { staging: 2 }, versionHashes: { 2: otherHashes[2] } });

      await store().deleteBinding('b');
      expect(await store().readEntry({ bindingId: 'b' })).toBeNull();
    });

    it('lists every binding with its testers: the test numbers a preview may call the real backends as', async () => {
      await createFlow(store(), 'hello');
      await store().putBinding(binding('b-voice', 'hello', 'voice', '1919'));
      await store().putBinding({ ...binding('b-wa', 'hello', 'whatsapp', '100000000000001'), testers: [{ number: '+2290197000001' }, { number: '+2290197000031', locale: 'en' }] });
      const listed = () => store().listBindings().then(testNumbersOf);
      expect(await listed()).toEqual([
        {
          number: '+2290197000001',
          routes: [
            { bindingId: 'b-voice', channel: 'voice', address: '1919', flowId: 'hello', version: 2, locale: 'fr' },
            { bindingId: 'b-wa', channel: 'whatsapp', address: '100000000000001', flowId: 'hello' },
          ],
        },
        { number: '+2290197000031', routes: [{ bindingId: 'b-wa', channel: 'whatsapp', address: '100000000000001', flowId: 'hello', locale: 'en' }] },
      ]);

      // Taken off one binding, then the other: no longer a test number.
      await store().putBinding({ ...binding('b-voice', 'hello', 'voice', '1919'), testers: [] });
      await store().deleteBinding('b-wa');
      expect(await listed()).toEqual([]);
    });

    it('keeps who listed a number as their own and who confirmed it; neither is a test number a preview may use', async () => {
      await createFlow(store(), 'hello');
      const testers = [
        { number: '+2290197000001' },
        { number: '+2290197000071', addedBy: 'awa' },
        { number: '+2290197000072', locale: 'en', addedBy: 'kofi', confirmedBy: 'ada', confirmedAt: '2026-03-02T10:00:00.000Z' },
      ];
      const bound: Binding = { ...binding('b-own', 'hello', 'voice', '1919'), testers };
      await store().putBinding(bound);
      expect((await store().getBinding('b-own'))?.testers).toEqual(testers);
      expect((await store().readEntry({ bindingId: 'b-own' }))?.binding).toEqual(bound);
      expect((await store().listBindings().then(testNumbersOf)).map((n) => n.number)).toEqual(['+2290197000001']);
    });

    it('says the flow is archived, for a binding made in a race with the archive', async () => {
      await createFlow(store(), 'gone');
      expect(await store().archiveFlow('gone', '2026-03-02T10:00:00.000Z', 'pat')).toMatchObject({ ok: true });
      await store().putBinding(binding('late', 'gone'));
      expect(await store().readEntry({ bindingId: 'late' })).toMatchObject({ flowId: 'gone', archivedAt: '2026-03-02T10:00:00.000Z', environments: {}, versionHashes: {} });
    });

    it('leaves out the hash of a version that is not there', async () => {
      await createFlow(store(), 'hello');
      const hashes = await publish(store(), 'hello', 1);
      await store().setEnvironment('hello', 'production', null, pointer('hello', 'production', 1));
      await store().setEnvironment('hello', 'staging', null, pointer('hello', 'staging', 5));
      await store().putBinding(binding('b', 'hello'));
      const entry = await store().readEntry({ bindingId: 'b' });
      expect(entry).toMatchObject({ environments: { staging: 5, production: 1 }, versionHashes: { 1: hashes[1] } });
      expect(entry?.versionHashes).not.toHaveProperty('5');
      expect(entry).not.toHaveProperty('archivedAt');
    });

    it('reads a flow asked for directly: its pointers, the version asked for and, when asked, the draft’s hash', async () => {
      await createFlow(store(), 'hello');
      const hashes = await publish(store(), 'hello', 3);
      await store().setEnvironment('hello', 'staging', null, pointer('hello', 'staging', 2));
      const draftHash = await store().getDraftHash('hello');

      expect(await store().readEntry({ flowId: 'hello', version: 3 })).toEqual({ flowId: 'hello', environments: { staging: 2 }, versionHashes: { 2: hashes[2], 3: hashes[3] } });
      expect(await store().readEntry({ flowId: 'hello', draft: true })).toEqual({ flowId: 'hello', environments: { staging: 2 }, versionHashes: { 2: hashes[2] }, draftHash });
      expect(await store().readEntry({ flowId: 'ghost', draft: true })).toEqual({ flowId: 'ghost', environments: {}, versionHashes: {}, draftHash: null });
      expect(await store().readEntry({ flowId: 'ghost', version: 1 })).toEqual({ flowId: 'ghost', environments: {}, versionHashes: {} });
    });

    it('reads the caller’s profile with the entry, as recallCaller gives it, whether or not the entry is there', async () => {
      await createFlow(store(), 'hello');
      const hashes = await publish(store(), 'hello', 2);
      await store().setEnvironment('hello', 'production', null, pointer('hello', 'production', 2));
      await store().putBinding(binding('b', 'hello'));
      const known = '+2290197000011';
      await store().putCaller(caller(known));
      const recalled = await store().recallCaller(known);
      expect(recalled).toMatchObject({ number: known, preferredLocale: 'fr', lastChannel: 'whatsapp', lastContact: caller(known).contacts[0] });

      const both = await store().readEntryAndCaller({ bindingId: 'b' }, known);
      expect(both).toEqual({ entry: await store().readEntry({ bindingId: 'b' }), caller: recalled });
      expect(both.entry).toMatchObject({ flowId: 'hello', versionHashes: { 2: hashes[2] } });
      // A first-time caller: no profile.
      expect(await store().readEntryAndCaller({ bindingId: 'b' }, '+2290197000012')).toEqual({ entry: both.entry, caller: null });
      // An unknown binding: no entry, and the caller all the same.
      expect(await store().readEntryAndCaller({ bindingId: 'nowhere' }, known)).toEqual({ entry: null, caller: recalled });
      // A preview's memory is under its own key, apart from the subscriber's.
      const previewKey = `preview:awa:${known}`;
      await store().putCaller({ ...caller(previewKey), preferredLocale: 'en', contacts: [] });
      const preview = await store().readEntryAndCaller({ flowId: 'hello', draft: true }, previewKey);
      expect(preview).toEqual({ entry: await store().readEntry({ flowId: 'hello', draft: true }), caller: await store().recallCaller(previewKey) });
      expect(preview.caller).toMatchObject({ number: previewKey, preferredLocale: 'en' });
      expect(preview.caller).not.toHaveProperty('lastContact');
      // An erased caller is no longer recalled.
      await store().deleteCaller(known);
      expect((await store().readEntryAndCaller({ bindingId: 'b' }, known)).caller).toBeNull();
    });
  });
}
