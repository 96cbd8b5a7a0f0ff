import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { factBatch } from '../contract/analyticsContract.ts';
import { SqliteStore } from './SqliteStore.ts';
import { FACT_ERASURE_CHUNK } from './factErasure.ts';

const DAY = { from: '2026-03-02T00:00:00.000Z', to: '2026-03-03T00:00:00.000Z' };
const named = (minute: number, caller: string | null, contact: string) => ({
  ...factBatch(`2026-03-02T10:${String(minute).padStart(2, '0')}:00.000Z`, [{ type: 'contact' as const }, { type: 'visit' as const, node: 'menu' }], {}, contact),
  caller,
});

describe('SQLite: erasing a caller from raw facts', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('clears the digest from rows of every form a file may hold, across chunks of sequence numbers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'griot-fact-erasure-'));
    dirs.push(dir);
    const path = join(dir, 'griot.db');
    let store = new SqliteStore(path);
    // One row of many batches (form 3), then one of a single batch (form 2).
    await store.recordFacts([named(0, 'erased', 'positional'), named(1, 'kept', 'other')]);
    await store.recordFacts([named(4, 'erased', 'single')]);
    await store.close();
    // A row written before the positional form (the batch's JSON object), and the first row again far past the first chunk.
    const db = new Database(path);
    db.prepare('INSERT INTO analytics_facts (at, flow_id, data) VALUES (?, ?, ?)').run('2026-03-02T10:02:00.000Z', '1919', JSON.stringify(named(2, 'erased', 'object')));
    db.prepare('INSERT INTO analytics_facts (seq, at, flow_id, data) SELECT seq + ?, ?, flow_id, data FROM analytics_facts WHERE seq = 1').run(FACT_ERASURE_CHUNK * 3, '2026-03-02T10:03:00.000Z');
    db.close();
    store = new SqliteStore(path);
    try {
      expect(await store.eraseCallerFacts(['erased'])).toBe(4);
      const facts = await store.listFacts({ ...DAY, limit: 10 });
      expect(facts.map((f) => [f.contact, f.caller])).toEqual([
        ['positional', null],
        ['other', 'kept'],
        ['single', null],
        ['object', null],
        ['positional', null],
        ['other', 'kept'],
      ]);
      expect(facts.every((f) => f.events.length === 2)).toBe(true);
    } finally {
      await store.close();
    }
  });

  it('after a failed write of queued facts: the erasure answers 503 rather than succeed, and the erased caller’s digest is never written later', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'griot-fact-erasure-'));
    dirs.push(dir);
    const store = new SqliteStore(join(dir, 'griot.db'));
    try {
      store.queueFacts(named(0, 'erased', 'queued-erased'));
      store.queueFacts(named(1, 'kept', 'queued-kept'));
      // The next write of queued facts fails once (a full disk).
      const real = store.recordFacts.bind(store);
      let fail = true;
      store.recordFacts = async (batches) => {
        if (fail) {
          fail = false;
          throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
        }
        return real(batches);
      };
      // The erased caller's batch leaves the queue at once; the other one's write fails: 503, try again.
      await expect(store.eraseCallerFacts(['erased'])).rejects.toMatchObject({ code: 'store_unavailable', reason: 'unavailable', retryAfterSeconds: 5 });
      await store.flushFacts();
      const facts = await store.listFacts({ ...DAY, limit: 10 });
      expect(facts.map((f) => [f.contact, f.caller])).toEqual([
        ['queued-erased', null],
        ['queued-kept', 'kept'],
      ]);
    } finally {
      await store.close();
    }
  });

  it('a restore never gets facts queued before it written into the restored data', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'griot-fact-erasure-'));
    dirs.push(dir);
    const store = new SqliteStore(join(dir, 'griot.db'));
    try {
      const dump = await store.dump();
      const real = store.recordFacts.bind(store);
      let fail = true;
      store.recordFacts = async (batches) => {
        if (fail) {
          fail = false;
          throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
        }
        return real(batches);
      };
      store.queueFacts(named(0, 'before', 'pre-restore'));
      await store.flushFacts();
      await store.restore(dump);
      await store.flushFacts();
      expect(await store.listFacts({ ...DAY, limit: 10 })).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
