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
    await store.recordFacts([named(0, 'erased', 'positional'), named(1, 'kept', 'other')]);
    await store.close();
    // A row written before the positional form (the batch's JSON object), and one far past the first chunk.
    const db = new Database(path);
    db.prepare('INSERT INTO analytics_facts (at, flow_id, data) VALUES (?, ?, ?)').run('2026-03-02T10:02:00.000Z', '1919', JSON.stringify(named(2, 'erased', 'object')));
    db.prepare('INSERT INTO analytics_facts (seq, at, flow_id, data) SELECT seq + ?, ?, flow_id, data FROM analytics_facts WHERE seq = 1').run(FACT_ERASURE_CHUNK * 3, '2026-03-02T10:03:00.000Z');
    db.close();
    store = new SqliteStore(path);
    try {
      expect(await store.eraseCallerFacts(['erased'])).toBe(3);
      const facts = await store.listFacts({ ...DAY, limit: 10 });
      expect(facts.map((f) => [f.contact, f.caller])).toEqual([
        ['positional', null],
        ['other', 'kept'],
        ['object', null],
        ['positional', null],
      ]);
      expect(facts.every((f) => f.events.length === 2)).toBe(true);
    } finally {
      await store.close();
    }
  });
});
