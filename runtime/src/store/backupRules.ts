import { conflict, invalid } from '../errors.ts';
import type { Flow, JsonValue } from '@griot/flows';
import { openJson } from '../sensitive/dataCipher.ts';
import type { DataKeyring } from '../sensitive/dataKeys.ts';
import { sensitiveValuesOf } from '../sensitive/holdsSensitiveValue.ts';
import { maskMessageText } from '../sensitive/maskMessageText.ts';
import { sensitiveNamesOf } from '../sensitive/sensitiveNames.ts';
import type { HandoffMessage, SensitiveValues, SessionRecord, StoreDump } from './types.ts';
import { mappedRows } from './dumpedPages.ts';

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
 *
 * And no message written to an agent holds a sensitive value in clear: those of a contact still
 * open (masked only when it closes) are masked as a close would (`maskMessageText`: its session's
 * sensitive values, opened with `keys` when sealed, and every code, in digits or in words); those
 * of a closed contact already are, and stay as they are.
 */
export function withoutSensitiveValues(dump: StoreDump, keys?: DataKeyring, maskValues?: ReadonlyMap<string, SensitiveValues>, contactSessions?: ReadonlyMap<string, string>): StoreDump {
  const flows = new Map<string, Flow>();
  const isDocument = (document: unknown): document is Flow => typeof document === 'object' && document !== null;
  for (const version of dump.versions ?? []) if (isDocument(version?.document)) flows.set(`${version.flowId}@${version.number}`, version.document);
  for (const draft of dump.drafts ?? []) if (isDocument(draft?.document)) flows.set(`${draft.flowId}@draft`, draft.document);
  const valuesBySession = new Map<string, string[]>();
  const sessions = (dump.sessions ?? []).map((record) => {
    const { sensitive: _dropped, ...rest } = record;
    const vars = record.session?.vars;
    if (typeof vars !== 'object' || vars === null) return rest; // not a session: left for the restore to refuse
    const flow = flows.get(`${record.session.flowId}@${record.session.flowVersion ?? 'draft'}`);
    if (flow) valuesBySession.set(record.key, sensitiveValuesOf(flow, [{ ...record.session, vars: { ...vars, ...sensitivePartOf(record, keys) } }]));
    const names = flow ? [...sensitiveNamesOf(flow)].filter((name) => Object.hasOwn(vars, name)) : [];
    if (names.length === 0) return rest;
    const kept = { ...vars };
    for (const name of names) delete kept[name];
    return { ...rest, session: { ...record.session, vars: kept } };
  });
  // Closed contacts whose masking has not run yet (it failed, or is due): their session is gone,
  // and the values kept with the close (`maskValues`, which the dump itself leaves out) mask them.
  const valuesByContact = new Map<string, string[]>();
  for (const [contactId, sealed] of maskValues ?? []) {
    const opened = openMaskValues(contactId, sealed, keys);
    if (opened.length > 0) valuesByContact.set(contactId, opened);
  }
  // Each contact's session: given when the dump's contacts are read a page at a time (`contactSessions`), else from its contacts.
  const sessionOf = contactSessions?.size ? contactSessions : new Map((dump.handoff?.contacts ?? []).map((contact) => [contact?.id, contact?.sessionKey]));
  return { ...dump, sessions, ...(dump.handoff ? { handoff: withMaskedMessages(dump.handoff, sessionOf, valuesBySession, valuesByContact) } : {}) };
}

/** A closed contact's `maskValues` (HandoffService seals them for `<contact id>#maskValues`), opened; none when they do not open. */
function openMaskValues(contactId: string, sealed: SensitiveValues, keys: DataKeyring | undefined): string[] {
  let value: unknown;
  if ('clear' in sealed) value = (sealed.clear as { value?: unknown }).value;
  else {
    const opened = openJson(keys, `${contactId}#maskValues`, sealed);
    value = opened.ok ? opened.value : undefined;
  }
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** A session's sensitive variables kept apart from it: in clear, or opened with the data keys (none when they do not open). */
function sensitivePartOf(record: SessionRecord, keys: DataKeyring | undefined): Record<string, JsonValue> {
  const part = record.sensitive;
  if (!part || typeof part !== 'object') return {};
  if ('clear' in part) return typeof part.clear === 'object' && part.clear !== null ? part.clear : {};
  if (typeof record.key !== 'string') return {};
  const opened = openJson(keys, record.key, part);
  return opened.ok && typeof opened.value === 'object' && opened.value !== null ? (opened.value as Record<string, JsonValue>) : {};
}

/**
 * Every message of the dump as a closed contact keeps it: masking is idempotent, so a message a
 * close already masked is unchanged, one of a contact still open (or closed and not yet masked)
 * has its session's sensitive values and its codes replaced by `•••`.
 */
function withMaskedMessages(
  handoff: NonNullable<StoreDump['handoff']>,
  sessionOf: ReadonlyMap<string | undefined, string | undefined>,
  valuesBySession: Map<string, string[]>,
  valuesByContact: Map<string, string[]>,
): NonNullable<StoreDump['handoff']> {
  const masked = (message: HandoffMessage): HandoffMessage => {
    if (typeof message?.text !== 'string') return message;
    const values = [...(valuesBySession.get(sessionOf.get(message.contactId) ?? '') ?? []), ...(valuesByContact.get(message.contactId) ?? [])];
    const text = maskMessageText(message.text, values);
    return text === message.text ? message : { ...message, text };
  };
  // Read a page at a time by the backup writer: each page masked as it is read.
  return { ...handoff, messages: mappedRows(handoff.messages ?? [], masked) };
}
