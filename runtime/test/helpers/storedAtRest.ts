import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect, vi } from 'vitest';
import { backupCommand } from '../../src/cli/backupCommand.ts';
import type { TestServer } from './testServer.ts';

/** What anyone with the disk reads: a table of the server's SQLite file, on a connection of its own. */
function readFileDb<T>(server: TestServer, read: (db: Database.Database) => T): T {
  const db = new Database(join(server.dataDir, 'griot.db'), { readonly: true, fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

/** A session's row as stored in the file. */
export function sessionInFile(server: TestServer, key: string): string | undefined {
  return readFileDb(server, (db) => db.prepare<[string], { data: string }>('SELECT data FROM sessions WHERE key = ?').get(key)?.data);
}

/** The callers table as stored in the file (what a backup of it holds too). */
export function callersInFile(server: TestServer): string {
  return readFileDb(server, (db) => JSON.stringify(db.prepare('SELECT * FROM callers').all()));
}

/** A backup of the server's store, as `griot backup` writes it (without recordings), read back as text. */
export async function backupOf(server: TestServer): Promise<string> {
  const file = join(server.dataDir, `backup-${Date.now()}.json`);
  const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    expect(await backupCommand(file, { audio: false }, { DATA_DIR: server.dataDir })).toBe(0);
  } finally {
    log.mockRestore();
  }
  const text = await readFile(file, 'utf8');
  await rm(file);
  return text;
}
