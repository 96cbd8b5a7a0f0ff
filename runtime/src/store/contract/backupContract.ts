import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeBackupFile } from '../../cli/backupFile.ts';
import { SCHEMA_VERSION } from '../schemaVersion.ts';
import type { Store, StoreDump } from '../types.ts';
import { fillStore } from './fillStore.ts';
import { at, createFlow, pointer, user, version } from './fixtures.ts';

/** The content of a dump, without the instant it was taken. */
export const contentOf = ({ createdAt: _createdAt, ...content }: StoreDump) => content;

/** Backups: what goes in comes back out, into an empty store only. */
export function backupContract(store: () => Store, another: () => Promise<Store>) {
  describe('backup and restore', () => {
    it('dumps an empty store as an empty backup', async () => {
      const dump = await store().dump();
      expect(dump).toMatchObject({ format: 'griot-backup', formatVersion: 1, flows: [], users: [], audit: [] });
      expect(Date.parse(dump.createdAt)).not.toBeNaN();
    });

    it('restores a dump into a fresh store with identical content', async () => {
      await fillStore(store());
      const dump = await store().dump();
      expect(dump.flows).toHaveLength(2);
      expect(dump.versions.find((v) => v.flowId === 'hello' && v.number === 2)?.label).toBe('Ramadan 2027');
      expect(dump.transcripts.map((t) => t.turns.length)).toEqual([1, 1]);
      expect(dump.callerLinks).toEqual([{ key: 'telegram:5550000001', number: '+2290197000001', verified: true, linkedAt: at(4) }]);

      const fresh = await another();
      // Through JSON, as a backup file travels.
      await fresh.restore(JSON.parse(JSON.stringify(dump)) as StoreDump);
      expect(contentOf(await fresh.dump())).toEqual(contentOf(dump));
      expect(await fresh.getTranscript('voice:CA1')).toEqual(await store().getTranscript('voice:CA1'));
      // Numbering goes on after the restored versions.
      expect((await fresh.addVersion(version('hello', 'after restore'))).number).toBe(3);
      expect((await fresh.addVersion(version('other', 'after restore'))).number).toBe(5);
    });

    it('writes the same backup file from a dump read for the writer (its big lists a page at a time, where the store can) as from a whole dump', async () => {
      await fillStore(store());
      const whole = await store().dump();
      const paged = await store().dump(undefined, { paged: true });
      const file = join(tmpdir(), `griot-contract-paged-${process.pid}-${Date.now()}.json`);
      try {
        await writeBackupFile(file, paged);
        expect(await readFile(file, 'utf8')).toBe(JSON.stringify({ ...whole, createdAt: paged.createdAt }));
      } finally {
        await rm(file, { force: true });
      }
    });

    it('keeps archived flows and the production mark in a backup', async () => {
      await createFlow(store(), 'gone');
      await createFlow(store(), 'retired');
      await store().addVersion(version('retired', 'v1'));
      await store().setEnvironment('retired', 'production', null, pointer('retired', 'production', 1));
      await store().clearEnvironment('retired', 'production', 1, at(40));
      await store().archiveFlow('gone', at(41), 'pat');
      const dump = await store().dump();

      const fresh = await another();
      await fresh.restore(JSON.parse(JSON.stringify(dump)) as StoreDump);
      expect(await fresh.getFlow('gone')).toMatchObject({ archivedAt: at(41), archivedBy: 'pat' });
      expect(await fresh.getFlow('retired')).toMatchObject({ leftProductionAt: at(40) });
      expect(await fresh.getDraft('gone')).not.toBeNull();
      expect(await fresh.unarchiveFlow('gone')).toMatchObject({ id: 'gone' });
    });

    it('has no restore cut short, before and after one that finished', async () => {
      await fillStore(store());
      const fresh = await another();
      expect(await fresh.interruptedRestore()).toBeNull();
      await fresh.restore(JSON.parse(JSON.stringify(await store().dump())) as StoreDump);
      expect(await fresh.interruptedRestore()).toBeNull();
    });

    it('refuses to restore into a store that has flows or users', async () => {
      await fillStore(store());
      const dump = await store().dump();

      const withFlow = await another();
      await createFlow(withFlow, 'mine');
      await expect(withFlow.restore(dump)).rejects.toMatchObject({ code: 'store_not_empty' });
      expect((await withFlow.listFlows()).map((f) => f.id)).toEqual(['mine']);

      const withUser = await another();
      await withUser.putUser(user('u9', 'root'));
      await expect(withUser.restore(dump)).rejects.toMatchObject({ code: 'store_not_empty' });
      expect(await withUser.countUsers()).toBe(1);
    });

    it('says in a backup which schema wrote it, refuses one a newer release wrote, and still restores one older than the field', async () => {
      await fillStore(store());
      const dump = JSON.parse(JSON.stringify(await store().dump())) as StoreDump;
      expect(dump.schemaVersion).toBe(SCHEMA_VERSION);
      // An older release given a newer release's backup: refused before anything is written.
      const refusing = await another();
      await expect(refusing.restore({ ...dump, schemaVersion: SCHEMA_VERSION + 1 })).rejects.toMatchObject({
        code: 'backup_schema_too_new',
        params: { version: String(SCHEMA_VERSION + 1), known: String(SCHEMA_VERSION) },
      });
      expect(await refusing.listFlows()).toEqual([]);
      expect(await refusing.countUsers()).toBe(0);
      // A backup written before backups said their schema (schema 34 or less) restores as before.
      const { schemaVersion: _none, ...older } = dump;
      const fresh = await another();
      await fresh.restore(older as StoreDump);
      expect(contentOf(await fresh.dump())).toEqual(contentOf(dump));
    });

    it('refuses a file that is not a Griot backup', async () => {
      await expect(store().restore({ format: 'something-else' } as unknown as StoreDump)).rejects.toMatchObject({ code: 'not_a_backup' });
    });
  });
}
