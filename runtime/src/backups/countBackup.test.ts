import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { countBackup } from './countBackup.ts';

async function file(text: string): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), 'griot-count-')), 'b.json');
  await writeFile(path, text);
  return path;
}

describe('countBackup', () => {
  it('counts the top-level arrays as JSON.parse would, whatever their strings hold', async () => {
    const dump = {
      format: 'griot-backup',
      formatVersion: 1,
      createdAt: '2026-12-05T03:00:00.000Z',
      flows: [
        { id: 'a', name: 'say "[1, 2]", {x}' },
        { id: 'b\\', nested: [[1, 2], { y: ',' }] },
      ],
      versions: [],
      bindings: ['x,y'],
      users: [{ id: 'u' }],
      audit: [1, 2, 3],
      handoff: { contacts: [1, 2] },
      audio: [{ name: 'é ü' }],
    };
    for (const text of [JSON.stringify(dump), JSON.stringify(dump, null, 2)]) {
      expect(await countBackup(await file(text))).toEqual({ createdAt: dump.createdAt, flows: 2, versions: 0, bindings: 1, users: 1, auditEntries: 3, audioFiles: 1 });
    }
  });

  it('counts a backup whose strings run over its chunks, escapes and quotes across their edges', async () => {
    const long = (n: number) => `${'A'.repeat(n)}\\"{[,]}"\\`;
    const dump = {
      format: 'griot-backup',
      createdAt: '2026-12-05T03:00:00.000Z',
      flows: [{ note: long(1024 * 1024 - 40) }, { note: long(3 * 1024 * 1024) }],
      versions: [],
      bindings: [],
      users: [{ id: 'u', note: 'x'.repeat(2_500_000) }],
      audit: ['a', 'b"c'],
      audio: [{ base64: 'QUJD'.repeat(900_000) }, { base64: '' }],
    };
    expect(await countBackup(await file(JSON.stringify(dump)))).toEqual({ createdAt: dump.createdAt, flows: 2, versions: 0, bindings: 0, users: 1, auditEntries: 2, audioFiles: 2 });
  });

  it('says null for what is not a backup', async () => {
    expect(await countBackup(await file('not json'))).toBeNull();
    expect(await countBackup(await file('{"format":"other","createdAt":"x","flows":[]}'))).toBeNull();
    expect(await countBackup(await file('{"format":"griot-backup","createdAt":"x","flows":[1,'))).toBeNull();
  });
});
