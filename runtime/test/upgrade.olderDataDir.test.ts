import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { callHookPayload } from '@griot/connectors/voice/testing';
import { restoreBackup } from '../src/cli/restoreCommand.ts';
import { createLogger } from '../src/logger.ts';
import { migrations } from '../src/store/sqlite/migrations.ts';
import { makeDataDir, startTestServer, type TestServer } from './helpers/testServer.ts';

/**
 * What an older Griot left, made by Griot itself (commit 674213a, 2026-12-03, schema version 13:
 * `node runtime/dist/main.js` with its demo, six calls to 1919, three of them queued for an agent,
 * then `griot backup`): its SQLite file as SQL (`datadir-schema13.sql.gz`, the recorded prompts,
 * heartbeats and job leases left out) and its backup (`backup-schema13.json.gz`, one prompt kept).
 */
const fixture = (name: string) => gunzipSync(readFileSync(join(import.meta.dirname, 'fixtures', 'older-griot', name))).toString('utf8');
const NEWEST = Math.max(...migrations.map((m) => m.version));

type Line = { level: string; msg: string; event?: string; [key: string]: unknown };

async function startLogged(dataDir: string) {
  const lines: Line[] = [];
  const logger = createLogger({ logLevel: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  const server = await startTestServer({ dataDir, start: { logger } });
  return { server, lines, of: (event: string) => lines.filter((l) => l.event === event) };
}

/** The old data as today's Griot serves it: the flow, its production version, the calls' transcripts, the queued contacts. */
async function expectOldData(server: TestServer) {
  const flows = (await server.admin.get('/api/flows')).body as Array<{ id: string; environments: Record<string, number> }>;
  expect(flows.map((f) => [f.id, f.environments.production])).toEqual([['selfcare-1919', 1]]);
  const transcripts = (await server.admin.get('/api/transcripts?limit=50')).body as Array<{ sessionKey: string; turns: unknown[] }>;
  expect(transcripts.filter((t) => t.sessionKey.startsWith('voice:CA-ops19-older-')).map((t) => t.turns.length > 0)).toEqual(Array(6).fill(true));
  expect((await server.store.listHandoffContacts({})).filter((c) => c.status === 'waiting')).toHaveLength(3);
  // A caller dials 1919 again: the production version answers (the language menu), not the apology.
  const answer = await fetch(`${server.url}/jambonz/call`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(callHookPayload({ callSid: `CA-after-upgrade-${Date.now()}`, from: '+2290197000010', to: '1919' })),
  });
  expect(answer.status).toBe(200);
  const verbs = (await answer.json()) as Array<{ verb: string }>;
  expect(verbs.map((v) => v.verb)).toContain('gather');
}

describe('today’s Griot on what an older Griot left (schema version 13, 2026-12-03)', () => {
  const running: TestServer[] = [];
  afterEach(async () => {
    for (const server of running.splice(0)) await server.stop();
  });

  it('migrates its data directory at the first start, says so once in the log, and serves its flow, calls and queued contacts', { timeout: 30_000 }, async () => {
    const dataDir = await makeDataDir();
    const old = new Database(join(dataDir, 'griot.db'));
    old.exec(fixture('datadir-schema13.sql.gz'));
    old.close();

    const first = await startLogged(dataDir);
    const [migrated, ...more] = first.of('store.migrated');
    expect(more).toEqual([]);
    expect(migrated).toMatchObject({ level: 'info', from: 13, to: NEWEST, steps: expect.any(Number) });
    expect(migrated?.msg).toContain(`from schema version 13 to ${NEWEST}`);
    await expectOldData(first.server);
    await first.server.stop({ keepData: true });

    // Nothing left to migrate at the next start: no line.
    const second = await startLogged(dataDir);
    running.push(second.server);
    expect(second.of('store.migrated')).toEqual([]);
    await expectOldData(second.server);
  });

  it('restores a backup that Griot wrote, into an empty data directory, and serves it', { timeout: 30_000 }, async () => {
    const dataDir = await makeDataDir();
    const file = join(dataDir, '..', `griot-backup-schema13-${process.pid}-${Date.now()}.json`);
    await writeFile(file, fixture('backup-schema13.json.gz'));
    const said = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      expect(await restoreBackup(file, file, { DATA_DIR: dataDir })).toBe(0);
    } finally {
      said.mockRestore();
    }
    const { server } = await startLogged(dataDir);
    running.push(server);
    await expectOldData(server);
    const prompt = await fetch(`${server.url}/audio/selfcare-1919/fon/after-service-menu.wav`);
    expect(prompt.status).toBe(200);
    expect((await prompt.arrayBuffer()).byteLength).toBe(9644);
  });
});
