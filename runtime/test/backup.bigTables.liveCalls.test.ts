import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry, CallerProfile, StoreDump, Transcript } from '../src/store/types.ts';
import { makeDataDir, startTestServer, type TestServer } from './helpers/testServer.ts';

/** Enough rows for each big table to take several pages of the backup's reads (2,000 rows a page). */
const ROWS = 5_000;
const at = (i: number) => new Date(Date.UTC(2026, 11, 1) + i * 1000).toISOString();

type Event = 'healthz answered' | 'audit page read' | 'transcript page read' | 'caller page read' | 'backup written';

/**
 * Ops review (ops17b): after ops17 the prompts of a backup were read one at a time, but the rest
 * of the dump (audit log, transcripts, callers) was still read in one synchronous step: 90,000
 * audit entries held the server over half a second, live calls' hooks waiting as long. The real
 * server and its SQLite store; the order of what happens, never durations: better-sqlite3's
 * reads of the backup's pages are noted as they happen (watched, not replaced), beside /healthz
 * answered meanwhile.
 */
describe('a backup of a big audit log, transcripts and callers leaves the server answering', () => {
  let server: TestServer;
  const events: Event[] = [];
  let unwatch = () => {};

  beforeAll(async () => {
    const dataDir = await makeDataDir();
    server = await startTestServer({ dataDir, env: { GRIOT_BACKUP_CRON: '0 3 * * *', GRIOT_BACKUP_DIR: join(dataDir, 'backups') } });
    const writes: Promise<void>[] = [];
    for (let i = 0; i < ROWS; i++) {
      const number = `+22997${String(i).padStart(6, '0')}`;
      const entry: AuditEntry = { id: `a${i}`, at: at(i % 1_000), actor: 'admin', action: 'flow.save', target: `flow:f${i}`, details: { note: `« ${i} »` } };
      const transcript: Transcript = { sessionKey: `s${i}`, flowId: 'accueil', flowVersion: 1, channel: 'voice', callerNumber: number, preview: false, startedAt: at(i % 700), turns: [] };
      const caller: CallerProfile = {
        number,
        contacts: [{ at: at(i), channel: 'voice', reason: 'solde', outcome: 'contained' }],
        variables: { langue: 'fon' },
        createdAt: at(i),
        updatedAt: at(i),
      };
      writes.push(server.store.appendAudit(entry), server.store.startTranscript(transcript), server.store.putCaller(caller));
      if (i % 3 === 0) writes.push(server.store.appendTurn(`s${i}`, { at: at(i), input: '1', prompts: ['p'], nodes: ['n'], effects: [], durationMs: 3 }));
      if (writes.length >= 600) await Promise.all(writes.splice(0));
    }
    await Promise.all(writes);
    // Every statement of every connection: the prototype of better-sqlite3's statements.
    const statement = Object.getPrototypeOf(new Database(':memory:').prepare('SELECT 1')) as Record<'all', (...args: unknown[]) => unknown> & { source?: string };
    const { all } = statement;
    const pageOf = (source: string): Event | null =>
      /FROM audit (WHERE at > \? OR .*)?ORDER BY at, seq LIMIT/.test(source) ? 'audit page read' : /FROM callers (WHERE number > \? )?ORDER BY number LIMIT/.test(source) ? 'caller page read' : null;
    statement.all = function (this: { source: string }, ...args: unknown[]) {
      const rows = all.apply(this, args) as unknown[];
      const event = pageOf(this.source);
      if (event && rows.length > 0) events.push(event);
      return rows;
    };
    unwatch = () => Object.assign(statement, { all });
  });
  afterAll(async () => {
    unwatch();
    await server?.stop();
  });

  it('answers /healthz between reading the first page and the last, and writes the tables as they were when it began', { timeout: 30_000 }, async () => {
    const before = JSON.parse(JSON.stringify(await server.store.dump())) as StoreDump;
    let done = false;
    const polling = (async () => {
      while (!done) {
        const answer = await server.anonymous.get('/healthz');
        expect(answer.status).toBe(200);
        events.push('healthz answered');
      }
    })();
    const backup = server.admin.post('/api/backups').then((answer) => {
      events.push('backup written');
      return answer;
    });
    // Written once the backup has begun reading its pages: not in the backup, which is the store as it began.
    const deadline = Date.now() + 20_000;
    while (!events.includes('audit page read') && !events.includes('backup written') && Date.now() < deadline) await new Promise((r) => setImmediate(r));
    const late = server.store.appendAudit({ id: 'late', at: at(0), actor: 'admin', action: 'flow.save', target: 'flow:late' });
    const taken = await backup;
    done = true;
    await polling;
    await late;
    expect(taken.status).toBe(201);

    const pages = events.flatMap((event, i) => (event.endsWith('page read') ? [i] : []));
    // Before: every table read in the dump's one step, never a page.
    expect(events.filter((e) => e === 'audit page read')).toHaveLength(Math.ceil(ROWS / 2_000));
    expect(events.filter((e) => e === 'caller page read')).toHaveLength(Math.ceil(ROWS / 2_000));
    const answeredWhileReading = events.slice(pages[0], pages.at(-1)).filter((event) => event === 'healthz answered').length;
    expect(answeredWhileReading).toBeGreaterThan(0);
    expect(events.indexOf('backup written')).toBeGreaterThan(pages.at(-1)!);

    // The same tables, in the same order, as a dump read in one step gives them; the late entry left out.
    const file = JSON.parse(await readFile(join(server.dataDir, 'backups', taken.body.name), 'utf8')) as StoreDump;
    expect(file.audit.length).toBeGreaterThan(ROWS);
    expect(file.audit.some((entry) => entry.id === 'late')).toBe(false);
    expect(file.audit).toEqual(before.audit);
    expect(file.transcripts).toEqual(before.transcripts);
    expect(file.transcripts.filter((t) => t.turns.length === 1)).toHaveLength(Math.ceil(ROWS / 3));
    expect(file.callers).toEqual(before.callers);
    expect(file.callers).toHaveLength(ROWS);
    expect((await server.store.dump()).audit.some((entry) => entry.id === 'late')).toBe(true);
  });
});
