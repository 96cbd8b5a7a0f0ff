import type { Flow } from '@griot/flows';
import { conflict, invalid } from '../errors.ts';
import { sensitiveNamesOf } from '../sensitive/sensitiveNames.ts';
import type { StoreDump } from './types.ts';

/** Refuses a file that is not a Griot backup this version can read, before anything is written. */
export function assertReadableDump(dump: StoreDump): void {
  if (dump?.format !== 'griot-backup') throw invalid('not_a_backup', 'this is not a Griot backup (format must be "griot-backup")', { field: 'format' });
  if (dump.formatVersion !== 1) {
    throw invalid('backup_too_new', `backup format version ${String(dump.formatVersion)} is not supported (this Griot reads version 1)`, {
      field: 'formatVersion',
      params: { version: String(dump.formatVersion) },
    });
  }
}

/** Restoring merges nothing: a store that already has flows or users would end up half one, half the other. */
export function storeNotEmpty(flows: number, users: number) {
  return conflict('store_not_empty', `restore needs an empty store; this one has ${flows} flow(s) and ${users} user(s)`, { params: { flows, users } });
}

/**
 * A dump as it may leave the store (backup) or enter it (restore): no session carries its
 * sensitive part, nor, in `vars`, a variable its flow declares sensitive (sessions saved before
 * Griot kept them apart). The flow is read from the dump itself: the version the session runs,
 * or the draft for a preview.
 */
export function withoutSensitiveValues(dump: StoreDump): StoreDump {
  const flows = new Map<string, Flow>();
  const isDocument = (document: unknown): document is Flow => typeof document === 'object' && document !== null;
  for (const version of dump.versions ?? []) if (isDocument(version?.document)) flows.set(`${version.flowId}@${version.number}`, version.document);
  for (const draft of dump.drafts ?? []) if (isDocument(draft?.document)) flows.set(`${draft.flowId}@draft`, draft.document);
  const sessions = (dump.sessions ?? []).map((record) => {
    const { sensitive: _dropped, ...rest } = record;
    const vars = record.session?.vars;
    if (typeof vars !== 'object' || vars === null) return rest; // not a session: left for the restore to refuse
    const flow = flows.get(`${record.session.flowId}@${record.session.flowVersion ?? 'draft'}`);
    const names = flow ? [...sensitiveNamesOf(flow)].filter((name) => Object.hasOwn(vars, name)) : [];
    if (names.length === 0) return rest;
    const kept = { ...vars };
    for (const name of names) delete kept[name];
    return { ...rest, session: { ...record.session, vars: kept } };
  });
  return { ...dump, sessions };
}
