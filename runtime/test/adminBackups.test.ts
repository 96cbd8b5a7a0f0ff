import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { backupCommand } from '../src/cli/backupCommand.ts';
import { BACKUP_WRITING_LEASE, BackupRunningElsewhere, takeScheduledBackup } from '../src/cluster/scheduledBackup.ts';
import { SqliteStore } from '../src/store/sqlite/SqliteStore.ts';
import type { StoreDump } from '../src/store/types.ts';
import { testFlow } from './fixtures/testFlow.ts';
import { makeDataDir, startTestServer, userWithRoles, type TestServer } from './helpers/testServer.ts';

/** A real SQLite store whose dump waits until the test lets it go: a backup "still being written". */
class HeldDumpStore extends SqliteStore {
  hold: Promise<void> | null = null;
  /** Dumps begun (held or not): a test waits for its backup to be under way with it. */
  dumps = 0;
  override async dump(): Promise<StoreDump> {
    this.dumps += 1;
    if (this.hold) await this.hold;
    return super.dump();
  }
}

/**
 * An admin's backups screen on the real server: the backups of GRIOT_BACKUP_DIR, "back up now"
 * one at a time, a download that is audited and never cached, and nothing but listed names.
 */
describe('backups from the admin screens', () => {
  let server: TestServer;
  let store: HeldDumpStore;
  let backupDir: string;
  beforeAll(async () => {
    const dataDir = await makeDataDir();
    backupDir = join(dataDir, 'backups');
    store = new HeldDumpStore(join(dataDir, 'griot.db'));
    server = await startTestServer({ dataDir, env: { GRIOT_BACKUP_CRON: '0 3 * * *', GRIOT_BACKUP_DIR: backupDir }, start: { store } });
  });
  afterAll(() => server.stop());

  it('backs up now, lists the file with what it holds, and refuses a second backup while one is written', async () => {
    expect((await server.admin.post('/api/flows', { document: testFlow({ id: 'hello' }) })).status).toBe(201);
    let release!: () => void;
    store.hold = new Promise<void>((resolve) => (release = resolve));
    const dumps = store.dumps;
    const first = server.admin.post('/api/backups');
    // Under way (its dump begun and held), however long a loaded machine takes to get there.
    await expect.poll(() => store.dumps, { timeout: 30_000 }).toBe(dumps + 1);
    const second = await server.admin.post('/api/backups');
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('backup_running');
    expect(second.headers.get('retry-after')).toBe('30');
    // Nothing is listed while the backup is being written.
    expect((await server.admin.get('/api/backups')).body.backups).toEqual([]);
    release();
    store.hold = null;
    const made = await first;
    expect(made.status).toBe(201);
    expect(made.body.name).toMatch(/^griot-backup-\d{8}T\d{6}Z\.json$/);

    const listed = await server.admin.get('/api/backups');
    expect(listed.status).toBe(200);
    expect(listed.headers.get('cache-control')).toBe('no-store');
    expect(listed.body.backups).toHaveLength(1);
    expect(listed.body.backups[0]).toMatchObject({ name: made.body.name, encrypted: false, contents: { flows: 1 } });
    expect(listed.body.backups[0].bytes).toBeGreaterThan(100);
    expect(listed.body.restoreCommand).toBe(`npx griot restore ${join(backupDir, made.body.name)}`);
    // The same code path as the scheduled job: one whole file, no temporary left behind (the listing's counts are in `.counts`).
    expect((await readdir(backupDir)).filter((n) => n !== '.counts')).toEqual([made.body.name]);
  });

  it('lists no half-written file a crash left behind, nor any other file', async () => {
    await writeFile(join(backupDir, 'griot-backup-20260101T000000Z.json.4242.1767225600000.partial'), '{"format":"griot-ba');
    await writeFile(join(backupDir, 'notes.txt'), 'not a backup');
    const names = (await server.admin.get('/api/backups')).body.backups.map((b: { name: string }) => b.name);
    expect(names.every((n: string) => /^griot-backup-\d{8}T\d{6}Z\.json$/.test(n))).toBe(true);
    expect((await server.admin.get('/api/backups/notes.txt')).status).toBe(404);
  });

  it('serves a listed backup as an attachment that is never cached, and records who downloaded it', async () => {
    const [backup] = (await server.admin.get('/api/backups')).body.backups;
    const answer = await fetch(`${server.url}/api/backups/${backup.name}`, { headers: { authorization: `Bearer test-admin-token-0123456789abcdef` } });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-disposition')).toBe(`attachment; filename="${backup.name}"`);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    const body = JSON.parse(await answer.text());
    expect(body.format).toBe('griot-backup');
    expect(body.flows.map((f: { id: string }) => f.id)).toContain('hello');
    const audit = (await server.admin.get('/api/audit?action=backup.download')).body;
    expect(audit[0]).toMatchObject({ action: 'backup.download', target: `backup:${backup.name}` });
  });

  it('answers only names it listed: no path out of the directory', async () => {
    await mkdir(join(backupDir, '..', 'secret'), { recursive: true });
    for (const name of ['..%2Fgriot.db', '..%2F..%2Fetc%2Fpasswd', '%2Fetc%2Fpasswd', 'griot-backup-20991231T000000Z.json', 'griot.db', '%2E%2E']) {
      const answer = await server.admin.get(`/api/backups/${name}`);
      expect([400, 404]).toContain(answer.status);
      expect(JSON.stringify(answer.body)).not.toContain('passwordHash');
    }
  });

  it('is for admins only, and refuses a backup asked from another site', async () => {
    const supervisor = await userWithRoles(server, 'sena', ['supervisor']);
    expect((await supervisor.get('/api/backups')).status).toBe(403);
    expect((await supervisor.post('/api/backups')).status).toBe(403);
    const [backup] = (await server.admin.get('/api/backups')).body.backups;
    expect((await supervisor.get(`/api/backups/${backup.name}`)).status).toBe(403);
    expect((await server.anonymous.get(`/api/backups/${backup.name}`)).status).toBe(401);
    const admin = await userWithRoles(server, 'awa', ['admin']);
    const crossSite = await admin.call('POST', '/api/backups', {}, { origin: 'https://evil.example' });
    expect(crossSite.status).toBe(403);
    expect(crossSite.body.error.code).toBe('cross_origin_request');
  });

  it('refuses "back up now" while the scheduled backup is being written by this server', async () => {
    let release!: () => void;
    store.hold = new Promise<void>((resolve) => (release = resolve));
    const scheduled = takeScheduledBackup(store, { dir: backupDir, keep: 14 }, new Date('2026-12-01T03:00:00Z'));
    const refused = await server.admin.post('/api/backups');
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('backup_running');
    release();
    store.hold = null;
    await scheduled;
    expect((await server.admin.post('/api/backups')).status).toBe(201);
  });

  it('backs up on one instance at a time: while another instance on the same store writes one, neither the screen nor the schedule starts another', async () => {
    // The other instance: its own connection to the same database, holding the store's lease as its backup does.
    const other = new SqliteStore(store.path);
    try {
      const now = Date.now();
      const taken = await other.leases.acquireLease(BACKUP_WRITING_LEASE, 'griot-b:4242#run-1', new Date(now + 60_000).toISOString(), new Date(now).toISOString());
      expect(taken).not.toBeNull();
      const before = await readdir(backupDir);

      const refused = await server.admin.post('/api/backups');
      expect(refused.status).toBe(409);
      expect(refused.body.error).toMatchObject({ code: 'backup_running_elsewhere', message: expect.stringContaining('griot-b:4242') });
      await expect(takeScheduledBackup(store, { dir: backupDir, keep: 14 }, new Date('2026-12-02T03:00:00Z'))).rejects.toBeInstanceOf(BackupRunningElsewhere);
      expect(await readdir(backupDir)).toEqual(before);

      // Its backup written, the lease goes: this instance backs up again.
      expect(await other.leases.releaseLease(BACKUP_WRITING_LEASE, 'griot-b:4242#run-1')).toBe(true);
      expect((await server.admin.post('/api/backups')).status).toBe(201);
    } finally {
      await other.close();
    }
  });
  it('griot backup takes the same lease: it writes nothing while an instance writes a backup and says so, then writes, and lets the lease go', async () => {
    const other = new SqliteStore(store.path);
    const file = join(backupDir, '..', 'by-hand.json');
    const lines: string[] = [];
    const spy = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void lines.push(args.join(' ')));
    try {
      const now = Date.now();
      expect(await other.leases.acquireLease(BACKUP_WRITING_LEASE, 'griot-c:4343#run-2', new Date(now + 60_000).toISOString(), new Date(now).toISOString())).not.toBeNull();
      expect(await backupCommand(file, {}, { GRIOT_SQLITE_PATH: store.path })).toBe(75);
      expect(lines.join('\n')).toMatch(/another instance \(griot-c:4343\) is writing a backup/);
      await expect(stat(file)).rejects.toThrow();

      expect(await other.leases.releaseLease(BACKUP_WRITING_LEASE, 'griot-c:4343#run-2')).toBe(true);
      expect(await backupCommand(file, {}, { GRIOT_SQLITE_PATH: store.path })).toBe(0);
      expect((await stat(file)).size).toBeGreaterThan(0);
      // Done, it holds nothing: the screen backs up at once.
      expect((await server.admin.post('/api/backups')).status).toBe(201);
    } finally {
      spy.mockRestore();
      await other.close();
    }
  });
});

describe('backups on demand only: GRIOT_BACKUP_DIR without GRIOT_BACKUP_CRON', () => {
  it('starts, backs up when an admin asks, and says there is no schedule', async () => {
    const dataDir = await makeDataDir();
    const server = await startTestServer({ dataDir, env: { GRIOT_BACKUP_DIR: join(dataDir, 'backups') } });
    try {
      const made = await server.admin.post('/api/backups');
      expect(made.status).toBe(201);
      const listed = await server.admin.get('/api/backups');
      expect(listed.status).toBe(200);
      expect(listed.body.schedule).toBeNull();
      expect(listed.body.backups.map((b: { name: string }) => b.name)).toEqual([made.body.name]);
    } finally {
      await server.stop();
    }
  });
});

describe('backups without GRIOT_BACKUP_DIR', () => {
  it('says where to configure them', async () => {
    const server = await startTestServer();
    try {
      const answer = await server.admin.get('/api/backups');
      expect(answer.status).toBe(409);
      expect(answer.body.error.code).toBe('backups_not_configured');
    } finally {
      await server.stop();
    }
  });
});
