import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredAudio } from '../src/store/types.ts';
import { makeDataDir, startTestServer, type TestServer } from './helpers/testServer.ts';

const PROMPTS = 12;
/** 6 MB of prompts in all: enough for the backup to take many turns of the server's loop. */
const PROMPT_BYTES = 512 * 1024;

function prompt(name: string, seed: Buffer): { audio: StoredAudio; content: Buffer } {
  const content = Buffer.concat([Buffer.from('RIFF\0\0\0\0WAVEfmt ', 'latin1'), seed]);
  const audio = { flowId: 'accueil', name, contentType: 'audio/wav', bytes: content.length, sha256: createHash('sha256').update(content).digest('hex'), uploadedAt: '2026-12-05T10:00:00.000Z' };
  return { audio, content };
}

type Event = 'healthz answered' | 'prompt read' | 'backup written';

/**
 * Ops review (ops17): "back up now" read every recorded prompt of the store in one synchronous
 * step before writing any (55 prompts of 10 MB: the server answered nothing for over a second; a
 * live call's hook waited as long, and jambonz gives up after a few seconds). The real server and
 * its SQLite store; the order of what happens, never durations: better-sqlite3's reads of prompt
 * bytes are noted as they happen (watched, not replaced), beside /healthz answered meanwhile.
 */
describe('a backup of big recorded prompts leaves the server answering', () => {
  let server: TestServer;
  const events: Event[] = [];
  const prompts: Array<{ audio: StoredAudio; content: Buffer }> = [];
  let unwatch = () => {};

  beforeAll(async () => {
    const dataDir = await makeDataDir();
    server = await startTestServer({ dataDir, env: { GRIOT_BACKUP_CRON: '0 3 * * *', GRIOT_BACKUP_DIR: join(dataDir, 'backups') } });
    for (let i = 0; i < PROMPTS; i++) {
      const made = prompt(`p${String(i).padStart(2, '0')}.wav`, randomBytes(PROMPT_BYTES));
      await server.store.audio.putAudio(made.audio, made.content);
      prompts.push(made);
    }
    // Every statement of every connection: the prototype of better-sqlite3's statements.
    const statement = Object.getPrototypeOf(new Database(':memory:').prepare('SELECT 1')) as Record<'get' | 'all', (...args: unknown[]) => unknown> & { source?: string };
    const { get, all } = statement;
    const readsPrompts = (source: unknown) => typeof source === 'string' && /\bcontent\b[^()]*FROM audio/.test(source) && !source.includes('substr');
    statement.get = function (this: { source: string }, ...args: unknown[]) {
      const row = get.apply(this, args);
      if (readsPrompts(this.source) && row !== undefined) events.push('prompt read');
      return row;
    };
    statement.all = function (this: { source: string }, ...args: unknown[]) {
      const rows = all.apply(this, args) as unknown[];
      if (readsPrompts(this.source)) for (const _ of rows) events.push('prompt read');
      return rows;
    };
    unwatch = () => Object.assign(statement, { get, all });
  });
  afterAll(async () => {
    unwatch();
    await server?.stop();
  });

  it('answers /healthz between reading the first prompt and the last, and writes the prompts as they were when it began', async () => {
    let done = false;
    const polling = (async () => {
      while (!done) {
        const answer = await server.anonymous.get('/healthz');
        expect(answer.status).toBe(200);
        events.push('healthz answered');
      }
    })();
    // A prompt re-recorded while the backup is written: the backup keeps the one it began with.
    const rerecorded = prompt(prompts.at(-1)!.audio.name, randomBytes(PROMPT_BYTES));
    let replaced: Promise<boolean> | null = null;
    const backup = server.admin.post('/api/backups').then((answer) => {
      events.push('backup written');
      return answer;
    });
    const deadline = Date.now() + 30_000;
    while (!events.includes('prompt read') && !events.includes('backup written') && Date.now() < deadline) await new Promise((r) => setImmediate(r));
    replaced = server.store.audio.putAudio(rerecorded.audio, rerecorded.content);
    const taken = await backup;
    done = true;
    await polling;
    expect(await replaced).toBe(true);
    expect(taken.status).toBe(201);
    expect(taken.body.contents.audioFiles).toBe(PROMPTS);

    // A prompt's bytes are read in one row, or part by part once stored in parts (schema 36): at least one read each.
    const reads = events.flatMap((event, at) => (event === 'prompt read' ? [at] : []));
    expect(reads.length).toBeGreaterThanOrEqual(PROMPTS);
    const answeredWhileReading = events.slice(reads[0], reads.at(-1)).filter((event) => event === 'healthz answered').length;
    // Before ops17: all 12 read in one step, nothing answered in between.
    expect(answeredWhileReading).toBeGreaterThan(0);
    expect(events.indexOf('backup written')).toBeGreaterThan(reads.at(-1)!);

    const file = JSON.parse(await readFile(join(server.dataDir, 'backups', taken.body.name), 'utf8')) as { audio: Array<{ name: string; sha256: string; base64: string }> };
    expect(file.audio.map((a) => a.name)).toEqual(prompts.map((p) => p.audio.name));
    for (const [i, entry] of file.audio.entries()) {
      expect(entry.sha256).toBe(prompts[i]!.audio.sha256);
      expect(Buffer.from(entry.base64, 'base64').equals(prompts[i]!.content)).toBe(true);
    }
    // The store holds the new take; the backup, the prompt as it was when the backup began.
    expect((await server.store.audio.readAudio('accueil', rerecorded.audio.name))?.audio.sha256).toBe(rerecorded.audio.sha256);
  });
});
