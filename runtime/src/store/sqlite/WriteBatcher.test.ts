import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { WriteBatcher } from './WriteBatcher.ts';

describe('WriteBatcher', () => {
  it('commits the writes of one loop iteration together; a failing write is rolled back alone', async () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t (v TEXT NOT NULL)');
    const batch = new WriteBatcher(db);
    const insert = db.prepare('INSERT INTO t VALUES (?)');
    const results = await Promise.allSettled([batch.write(() => insert.run('a')), batch.write(() => insert.run(null)), batch.write(() => insert.run('c'))]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(db.prepare('SELECT v FROM t ORDER BY v').pluck().all()).toEqual(['a', 'c']);
  });

  it('shows writes to reads at once and commits them by the end of the loop iteration', async () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t (v TEXT)');
    const batch = new WriteBatcher(db);
    const saved = batch.write(() => db.prepare('INSERT INTO t VALUES (?)').run('x'));
    expect(db.prepare('SELECT count(*) FROM t').pluck().get()).toBe(1);
    expect(db.inTransaction).toBe(true);
    await saved;
    expect(db.inTransaction).toBe(false);
  });

  it('commits only once for many writes of one iteration', async () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t (v TEXT)');
    const batch = new WriteBatcher(db);
    const commits: string[] = [];
    const exec = db.exec.bind(db);
    db.exec = ((sql: string) => {
      if (sql === 'COMMIT') commits.push(sql);
      return exec(sql);
    }) as typeof db.exec;
    await Promise.all(Array.from({ length: 50 }, (_, i) => batch.write(() => db.prepare('INSERT INTO t VALUES (?)').run(String(i)))));
    expect(commits).toHaveLength(1);
    expect(db.prepare('SELECT count(*) FROM t').pluck().get()).toBe(50);
  });
});
