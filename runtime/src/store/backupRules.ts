import { conflict, invalid } from '../errors.ts';
import type { StoreDump } from './types.ts';

/** Refuses a file that is not a Griot backup this version can read, before anything is written. */
export function assertReadableDump(dump: StoreDump): void {
  if (dump?.format !== 'griot-backup') throw invalid('not_a_backup', 'this is not a Griot backup (format must be "griot-backup")', { field: 'format' });
  if (dump.formatVersion !== 1) {
    throw invalid('backup_too_new', `backup format version ${String(dump.formatVersion)} is not supported (this Griot reads version 1)`, { field: 'formatVersion', params: { version: String(dump.formatVersion) } });
  }
}

/** Restoring merges nothing: a store that already has flows or users would end up half one, half the other. */
export function storeNotEmpty(flows: number, users: number) {
  return conflict('store_not_empty', `restore needs an empty store; this one has ${flows} flow(s) and ${users} user(s)`, { params: { flows, users } });
}
