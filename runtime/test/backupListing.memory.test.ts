import { mkdir, open, readdir, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDataDir, startTestServer, type TestServer } from './helpers/testServer.ts';

const BACKUPS = 8;
/** About 20 MB as JSON, as a busy deployment's backup. */
function bigBackup(createdAt: string): string {
  const audit = Array.from({ length: 45_000 }, (_, i) => ({ id: `a${i}`, at: createdAt, actor: 'admin', action: 'flow.save', target: `flow:f${i}`, details: { note: 'x'.repeat(400) } }));
  return JSON.stringify({
    format: 'griot-backup',
    formatVersion: 1,
    createdAt,
    flows: [],
    drafts: [],
    versions: [],
    environments: [],
    bindings: [],
    sessions: [],
    callers: [],
    transcripts: [],
    audit,
    users: [],
    tokens: [],
  });
}
const peakRssMB = () => process.resourceUsage().maxRSS / 1024;

/**
 * Security review (secrev12): after a restart, listing the backups read and parsed every one of
 * them at once (8 × 20 MB: RSS 121 → 660 MB). The real server and its backup directory; the
 * process's peak memory, not time.
 */
describe('listing the backups reads them in chunks, one at a time, and counts each once', () => {
  let server: TestServer;
  let dataDir: string;
  let backupDir: string;
  const names: string[] = [];
  const env = () => ({ GRIOT_BACKUP_CRON: '0 3 * * *', GRIOT_BACKUP_DIR: backupDir });

  beforeAll(async () => {
    dataDir = await makeDataDir();
    backupDir = join(dataDir, 'backups');
    server = await startTestServer({ dataDir, env: env() });
    await mkdir(backupDir, { recursive: true });
    let text: string | null = bigBackup('2026-12-01T03:00:00.000Z');
    for (let i = 0; i < BACKUPS; i++) {
      const name = `griot-backup-2026120${i + 1}T030000Z.json`;
      await writeFile(join(backupDir, name), text);
      names.push(name);
    }
    text = null;
  });
  afterAll(() => server?.stop());

  it('lists 8 backups of 20 MB without holding them in memory', async () => {
    const before = peakRssMB();
    const listed = await server.admin.get('/api/backups');
    expect(listed.status).toBe(200);
    expect(listed.body.backups).toHaveLength(BACKUPS);
    for (const backup of listed.body.backups) expect(backup.contents).toMatchObject({ auditEntries: 45_000, flows: 0 });
    // All at once held ~540 MB more; counted in chunks, +29 MB on the day it was fixed.
    expect(peakRssMB() - before).toBeLessThan(150);
  });

  it('after a restart, lists what each backup holds without reading it again', async () => {
    await server.stop({ keepData: true });
    // Same size, same time, unreadable as a backup: only the counts kept when it was first listed can say what it holds.
    const first = join(backupDir, names[0]!);
    const info = await stat(first);
    await writeFile(first, ' '.repeat(info.size));
    await utimes(first, info.atime, info.mtime);
    server = await startTestServer({ dataDir, env: env() });
    const listed = await server.admin.get('/api/backups');
    expect(listed.body.backups.find((b: { name: string }) => b.name === names[0])).toMatchObject({ contents: { auditEntries: 45_000 } });
    // The backups are still the only files listed; the counts are in a hidden folder beside them.
    expect((await readdir(backupDir)).filter((n) => !n.startsWith('.')).sort()).toEqual([...names].sort());
  });

  it('lists what a backup above 64 MB holds too, still read in chunks', async () => {
    // Written in pieces: the test holds no 70 MB string either.
    const name = 'griot-backup-20261130T030000Z.json';
    const handle = await open(join(backupDir, name), 'w');
    const entry = (i: number) => JSON.stringify({ id: `a${i}`, at: '2026-11-30T03:00:00.000Z', actor: 'admin', action: 'flow.save', target: `flow:f${i}`, details: { note: 'x'.repeat(400) } });
    await handle.write('{"format":"griot-backup","formatVersion":1,"createdAt":"2026-11-30T03:00:00.000Z","flows":[],"versions":[],"bindings":[],"users":[{"id":"u1"}],"audit":[');
    const ENTRIES = 150_000;
    for (let i = 0; i < ENTRIES; i += 5000) {
      await handle.write(Array.from({ length: Math.min(5000, ENTRIES - i) }, (_, k) => entry(i + k)).join(',') + (i + 5000 < ENTRIES ? ',' : ''));
    }
    await handle.write(']}');
    await handle.close();
    expect((await stat(join(backupDir, name))).size).toBeGreaterThan(64 * 1024 * 1024);
    const before = peakRssMB();
    const listed = await server.admin.get('/api/backups');
    expect(listed.body.backups.find((b: { name: string }) => b.name === name)).toMatchObject({ contents: { createdAt: '2026-11-30T03:00:00.000Z', auditEntries: ENTRIES, users: 1 } });
    expect(peakRssMB() - before).toBeLessThan(150);
  }, 60_000);
});
