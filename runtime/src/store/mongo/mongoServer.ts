import type { Db } from 'mongodb';
import { ConfigError } from '../../config.ts';

/** What Griot needs from the server, and what it found. */
export interface MongoServerInfo {
  version: string;
  /**
   * Multi-document transactions: a replica set member (`setName` in `hello`) or a sharded
   * cluster's router (`msg: 'isdbgrid'`). A standalone server has none: a turn's writes are then
   * applied one after the other, each once (see `MongoTurnWriter`).
   */
  transactions: boolean;
}

/** The oldest server Griot runs on: 5.0 takes `$`-prefixed and dotted names in inserts and replacements. */
export const MINIMUM_MONGODB = [5, 0] as const;

function versionOf(build: { version?: unknown; versionArray?: unknown }): [number, number] {
  if (Array.isArray(build.versionArray) && typeof build.versionArray[0] === 'number') {
    return [build.versionArray[0], typeof build.versionArray[1] === 'number' ? build.versionArray[1] : 0];
  }
  const [major, minor] = String(build.version ?? '')
    .split('.')
    .map((part) => Number.parseInt(part, 10));
  return [major ?? Number.NaN, minor ?? 0];
}

/**
 * Asks the server its version (`buildInfo`) and topology (`hello`) at connect. A server older
 * than 5.0 stops start-up with the variable named: the operator must upgrade it (4.4 refuses
 * writes Griot makes, and its support ended in 2024).
 */
export async function inspectServer(db: Pick<Db, 'admin'>): Promise<MongoServerInfo> {
  const admin = db.admin();
  const [build, hello] = await Promise.all([admin.command({ buildInfo: 1 }), admin.command({ hello: 1 })]);
  const version = typeof build.version === 'string' ? build.version : 'unknown';
  const [major, minor] = versionOf(build);
  const [needMajor, needMinor] = MINIMUM_MONGODB;
  if (!(major > needMajor || (major === needMajor && minor >= needMinor))) {
    throw new ConfigError('MONGODB_URI', `the MongoDB server runs version ${version}; Griot needs MongoDB ${needMajor}.${needMinor} or later: upgrade the server`);
  }
  const transactions = typeof hello.setName === 'string' || hello.msg === 'isdbgrid';
  return { version, transactions };
}
