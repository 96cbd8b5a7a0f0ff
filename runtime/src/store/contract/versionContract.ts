import { describe, expect, it } from 'vitest';
import type { Store } from '../types.ts';
import { createFlow, pointer, version } from './fixtures.ts';

/** Published versions and the environment pointers that promotion and roll-back move. */
export function versionContract(store: () => Store) {
  describe('versions', () => {
    it('numbers versions 1, 2, 3 and lists them without their documents', async () => {
      await createFlow(store(), 'hello');
      const added = [];
      for (const message of ['first', 'second', 'third']) added.push(await store().addVersion(version('hello', message)));
      expect(added.map((v) => v.number)).toEqual([1, 2, 3]);
      expect(added[1]).toEqual({ ...version('hello', 'second'), number: 2 });

      const { document: _document, ...summary } = { ...version('hello', 'second'), number: 2 };
      const listed = await store().listVersions('hello');
      expect(listed.map((v) => v.number)).toEqual([1, 2, 3]);
      expect(listed[1]).toEqual(summary);
      expect(await store().getVersion('hello', 2)).toEqual(added[1]);
      expect(await store().getVersion('hello', 4)).toBeNull();
      expect(await store().getVersionHash('hello', 2)).toBe(added[1]!.hash);
      expect(await store().getVersionHash('hello', 4)).toBeNull();
    });

    it('reads the latest version alone, document and all, whichever way versions came', async () => {
      await createFlow(store(), 'hello');
      await createFlow(store(), 'other');
      expect(await store().getLatestVersion('hello')).toBeNull();
      for (const message of ['first', 'second']) await store().addVersion(version('hello', message));
      await store().addVersion(version('other', 'o1'));
      expect(await store().getLatestVersion('hello')).toEqual(await store().getVersion('hello', 2));
      // Restored with a higher number (an import), then published after: the highest number is the latest.
      await store().putVersion({ ...version('hello', 'restored'), number: 12 });
      expect((await store().getLatestVersion('hello'))?.message).toBe('restored');
      expect(await store().addVersion(version('hello', 'after'))).toMatchObject({ number: 13 });
      expect(await store().getLatestVersion('hello')).toMatchObject({ number: 13, message: 'after', document: version('hello', 'after').document });
      expect(await store().getLatestVersion('other')).toMatchObject({ number: 1, message: 'o1' });
      expect(await store().getLatestVersion('nope')).toBeNull();
    });

    it('gives distinct consecutive numbers to simultaneous publications', async () => {
      await createFlow(store(), 'hello');
      const added = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((m) => store().addVersion(version('hello', m))));
      expect(added.map((v) => v.number).sort()).toEqual([1, 2, 3, 4, 5]);
      for (const v of added) expect((await store().getVersion('hello', v.number))?.message).toBe(v.message);
    });

    it('publishes a draft once when two approvals of it race (unlessLatest), and again once it changed', async () => {
      await createFlow(store(), 'hello');
      const draft = { ...version('hello', 'from the request'), hash: 'draft-hash' };
      const both = await Promise.all([store().addVersion(draft, { unlessLatest: true }), store().addVersion({ ...draft, author: 'awa' }, { unlessLatest: true })]);
      expect((await store().listVersions('hello')).map((v) => v.number)).toEqual([1]);
      expect(both.map((v) => v.number)).toEqual([1, 1]);
      expect(both.filter((v) => v.existed)).toHaveLength(1);
      expect((await store().addVersion(draft, { unlessLatest: true })).existed).toBe(true);
      // Another draft is a new version; the first one again after it is one more.
      expect((await store().addVersion({ ...draft, hash: 'next' }, { unlessLatest: true })).number).toBe(2);
      const again = await store().addVersion(draft, { unlessLatest: true });
      expect(again).toMatchObject({ number: 3, hash: 'draft-hash' });
      expect(again.existed).toBeUndefined();
      // Without the option, the same content is stored again as asked.
      expect((await store().addVersion(draft)).number).toBe(4);
    });

    it('numbers each flow on its own', async () => {
      await createFlow(store(), 'hello');
      await createFlow(store(), 'other');
      await store().addVersion(version('hello', 'h1'));
      await store().addVersion(version('hello', 'h2'));
      expect((await store().addVersion(version('other', 'o1'))).number).toBe(1);
      expect(await store().listVersions('nope')).toEqual([]);
    });

    it('labels a published version, changes and removes the label, and keeps it through listing and restore', async () => {
      await createFlow(store(), 'hello');
      await store().addVersion(version('hello', 'first'));
      const second = await store().addVersion({ ...version('hello', 'second'), label: 'Tabaski 2026' });
      expect(second.label).toBe('Tabaski 2026');
      expect((await store().getVersion('hello', 2))?.label).toBe('Tabaski 2026');

      const labelled = await store().setVersionLabel('hello', 1, 'Ramadan 2027');
      const { document: _document, ...summary } = { ...version('hello', 'first'), number: 1, label: 'Ramadan 2027' };
      expect(labelled).toEqual(summary);
      expect((await store().listVersions('hello')).map((v) => v.label)).toEqual(['Ramadan 2027', 'Tabaski 2026']);
      expect((await store().setVersionLabel('hello', 1, 'Ramadan 2027 (final)'))?.label).toBe('Ramadan 2027 (final)');

      // Removed: no label at all, as a version published without one; the document is untouched.
      const cleared = await store().setVersionLabel('hello', 2, null);
      expect(cleared).not.toHaveProperty('label');
      expect(await store().getVersion('hello', 2)).toEqual({ ...version('hello', 'second'), number: 2 });
      expect(await store().setVersionLabel('hello', 9, 'nope')).toBeNull();
      expect(await store().setVersionLabel('ghost', 1, 'nope')).toBeNull();

      await store().putVersion({ ...version('hello', 'imported'), number: 5, label: 'Imported' });
      expect((await store().listVersions('hello')).find((v) => v.number === 5)?.label).toBe('Imported');
    });

    it('keeps the number of a restored version and continues after it', async () => {
      await createFlow(store(), 'hello');
      await store().putVersion({ ...version('hello', 'imported'), number: 7 });
      expect((await store().getVersion('hello', 7))?.message).toBe('imported');
      expect((await store().addVersion(version('hello', 'next'))).number).toBe(8);
    });
  });

  describe('environments', () => {
    it('sets an unset environment when the caller expected it unset', async () => {
      const result = await store().setEnvironment('hello', 'staging', null, pointer('hello', 'staging', 1));
      expect(result).toEqual({ ok: true, pointer: pointer('hello', 'staging', 1) });
      expect(await store().getEnvironment('hello', 'staging')).toEqual(pointer('hello', 'staging', 1));
      expect(await store().getEnvironment('hello', 'production')).toBeNull();
    });

    it('moves an environment only from the version the caller saw', async () => {
      await store().setEnvironment('hello', 'production', null, pointer('hello', 'production', 1));
      const moved = await store().setEnvironment('hello', 'production', 1, pointer('hello', 'production', 2, [1]));
      expect(moved).toEqual({ ok: true, pointer: pointer('hello', 'production', 2, [1]) });

      const stale = await store().setEnvironment('hello', 'production', 1, pointer('hello', 'production', 3, [1]));
      expect(stale).toEqual({ ok: false, reason: 'conflict', current: pointer('hello', 'production', 2, [1]) });
      const notUnset = await store().setEnvironment('hello', 'production', null, pointer('hello', 'production', 3));
      expect(notUnset).toEqual({ ok: false, reason: 'conflict', current: pointer('hello', 'production', 2, [1]) });
    });

    it('refuses to move an unset environment from a version', async () => {
      expect(await store().setEnvironment('hello', 'production', 1, pointer('hello', 'production', 2))).toEqual({ ok: false, reason: 'conflict', current: null });
      expect(await store().getEnvironment('hello', 'production')).toBeNull();
    });

    it('lets only one of two simultaneous promotions through', async () => {
      await store().setEnvironment('hello', 'production', null, pointer('hello', 'production', 1));
      const results = await Promise.all([2, 3, 4].map((v) => store().setEnvironment('hello', 'production', 1, pointer('hello', 'production', v, [1]))));
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      const winner = results.find((r) => r.ok);
      expect(await store().getEnvironment('hello', 'production')).toEqual(winner?.ok && winner.pointer);
    });

    it('lists the environments of a flow', async () => {
      await store().setEnvironment('hello', 'staging', null, pointer('hello', 'staging', 2));
      await store().setEnvironment('hello', 'production', null, pointer('hello', 'production', 1));
      await store().setEnvironment('other', 'production', null, pointer('other', 'production', 5));
      const names = (await store().getEnvironments('hello')).map((p) => `${p.name}=${p.version}`).sort();
      expect(names).toEqual(['production=1', 'staging=2']);
    });
  });
}
