import { setImmediate as nextTurn } from 'node:timers/promises';
import { conflict, invalid } from '../errors.ts';
import type { Flow, JsonValue } from '@griot/flows';
import { openJson } from '../sensitive/dataCipher.ts';
import type { DataKeyring } from '../sensitive/dataKeys.ts';
import { sensitiveValuesNamed } from '../sensitive/holdsSensitiveValue.ts';
import { maskMessageText } from '../sensitive/maskMessageText.ts';
import { sensitiveNamesOf } from '../sensitive/sensitiveNames.ts';
import type { HandoffMessage, SensitiveValues, SessionRecord, StoreDump } from './types.ts';
import { mappedPages, mappedRows, rowPagesOf } from './dumpedPages.ts';
import { SCHEMA_VERSION, schemaTooNewForThisGriot } from './schemaVersion.ts';

/** Refuses a file that is not a Griot backup this version can read, before anything is written. */
export function assertReadableDump(dump: StoreDump): void {
  if (dump?.format !== 'griot-backup') throw invalid('not_a_backup', 'this is not a Griot backup (format must be "griot-backup")', { field: 'format' });
  if (dump.formatVersion !== 1) {
    throw invalid('backup_too_new', `backup format version ${String(dump.formatVersion)} is not supported (this Griot reads version 1)`, {
      field: 'formatVersion',
      params: { version: String(dump.formatVersion) },
    });
  }
  const newer = schemaTooNewForThisGriot(dump.schemaVersion);
  if (newer) {
    throw invalid('backup_schema_too_new', `this backup cannot be restored here: ${newer}`, {
      field: 'schemaVersion',
      params: { version: String(dump.schemaVersion), known: String(SCHEMA_VERSION) },
    });
  }
}

/** A MongoDB restore's mark refreshed lately: another restore is writing into this database now. */
export function restoreRunning(startedAt: string, aliveAt: string) {
  return conflict(
    'restore_running',
    `another restore into this database, begun at ${startedAt}, is running (its mark refreshed at ${aliveAt}): wait for it to end; if its process is gone, run restore again a minute after that`,
    { params: { startedAt, aliveAt } },
  );
}

/** Restoring merges nothing: a store that already has flows or users would end up half one, half the other. */
export function storeNotEmpty(flows: number, users: number) {
  return conflict('store_not_empty', `restore needs an empty store; this one has ${flows} flow(s) and ${users} user(s)`, { params: { flows, users } });
}

/**
 * Reads from a backup's snapshot, for a dump whose sessions and versions are given a page at a
 * time (`pagedRows`, the backup writer's): what masking needs of them, looked up by key instead
 * of held whole.
 */
export interface DumpLookups {
  /** A version's document (undefined: none). */
  versionDocument(flowId: string, number: number): Flow | undefined | Promise<Flow | undefined>;
  /** The sessions of these keys that are there. */
  sessions(keys: readonly string[]): SessionRecord[] | Promise<SessionRecord[]>;
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
 *
 * With `lookups` (the backup writer's dump, whose sessions, versions and messages are read a page
 * at a time), each page of sessions is masked as it is read, with its versions' documents looked
 * up, and each page of messages with the sessions of its contacts looked up: never all of them held.
 */
export function withoutSensitiveValues(
  dump: StoreDump,
  keys?: DataKeyring,
  maskValues?: ReadonlyMap<string, SensitiveValues>,
  contactSessions?: ReadonlyMap<string, string>,
  lookups?: DumpLookups,
): StoreDump {
  const flows = new Map<string, Flow>();
  const isDocument = (document: unknown): document is Flow => typeof document === 'object' && document !== null;
  for (const version of dump.versions ?? []) if (isDocument(version?.document)) flows.set(`${version.flowId}@${version.number}`, version.document);
  for (const draft of dump.drafts ?? []) if (isDocument(draft?.document)) flows.set(`${draft.flowId}@draft`, draft.document);
  const flowKey = (record: SessionRecord) => `${record.session.flowId}@${record.session.flowVersion ?? 'draft'}`;
  // The sensitive variables of each flow a session runs: from the dump's documents, else (paged
  // versions) a version's document looked up in the snapshot once, only its names kept.
  const namesByFlow = new Map<string, ReadonlySet<string> | undefined>();
  const sensitiveNamesFor = async (record: SessionRecord): Promise<ReadonlySet<string> | undefined> => {
    const key = flowKey(record);
    if (namesByFlow.has(key)) return namesByFlow.get(key);
    let flow = flows.get(key);
    if (!flow && lookups && typeof record.session.flowVersion === 'number') {
      const document = await lookups.versionDocument(record.session.flowId, record.session.flowVersion);
      if (isDocument(document)) flow = document;
      // A document read and parsed (up to a MiB for a big flow): the server's other work gets a turn before the next.
      await nextTurn();
    }
    const names = flow ? sensitiveNamesOf(flow) : undefined;
    namesByFlow.set(key, names);
    return names;
  };
  const namesFor = (record: SessionRecord): ReadonlySet<string> | undefined => {
    const flow = flows.get(flowKey(record));
    return flow ? sensitiveNamesOf(flow) : undefined;
  };
  const valuesBySession = new Map<string, string[]>();
  const sessions = rowPagesOf(dump.sessions)
    ? mappedPages(dump.sessions, async (page) => {
        const masked: SessionRecord[] = [];
        for (const record of page) masked.push(maskedSession(record, isSession(record) ? await sensitiveNamesFor(record) : undefined, keys).record);
        return masked;
      })
    : (dump.sessions ?? []).map((record) => {
        const { record: masked, values } = maskedSession(record, isSession(record) ? namesFor(record) : undefined, keys);
        if (values) valuesBySession.set(record.key, values);
        return masked;
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
  // Paged: the sessions of each page's contacts looked up in the snapshot as the page is read.
  const valuesOfPage = lookups
    ? async (messages: HandoffMessage[]): Promise<Map<string, string[]>> => {
        const wanted = [...new Set(messages.map((m) => sessionOf.get(m?.contactId)).filter((key): key is string => typeof key === 'string'))];
        const values = new Map<string, string[]>();
        for (const record of await lookups.sessions(wanted)) {
          if (!isSession(record)) continue;
          const found = maskedSession(record, await sensitiveNamesFor(record), keys).values;
          if (found) values.set(record.key, found);
        }
        return values;
      }
    : undefined;
  const handoff = dump.handoff ? { handoff: withoutCallerNames(withMaskedMessages(dump.handoff, sessionOf, valuesBySession, valuesByContact, valuesOfPage)) } : {};
  return { ...dump, sessions, ...handoff };
}

const isSession = (record: SessionRecord): boolean => typeof record?.session?.vars === 'object' && record.session.vars !== null;

/**
 * A session as a backup holds it (no sensitive part, no kept answer of its last turn, which may say them; no variable
 * its flow declares sensitive), and its sensitive values (to mask its contact's messages) when its flow's `names` are known.
 */
function maskedSession(record: SessionRecord, names: ReadonlySet<string> | undefined, keys: DataKeyring | undefined): { record: SessionRecord; values?: string[] } {
  // The account's name on the platform (WhatsApp's profile name) is account data: never in a backup.
  const { sensitive: _dropped, answer: _answer, callerName: _name, ...rest } = record;
  if (!isSession(record)) return { record: rest }; // not a session: left for the restore to refuse
  const vars = record.session.vars;
  const values = names ? sensitiveValuesNamed(names, [{ ...record.session, vars: { ...vars, ...sensitivePartOf(record, keys) } }]) : undefined;
  const present = names ? [...names].filter((name) => Object.hasOwn(vars, name)) : [];
  if (present.length === 0) return { record: rest, ...(values ? { values } : {}) };
  const kept = { ...vars };
  for (const name of present) delete kept[name];
  return { record: { ...rest, session: { ...record.session, vars: kept } }, ...(values ? { values } : {}) };
}

/**
 * The contacts without the name the subscriber gave their account on the platform (`callerName`, WhatsApp's profile
 * name): account data, shown to agents while the contact is open and never backed up, as a close removes it.
 */
function withoutCallerNames(handoff: NonNullable<StoreDump['handoff']>): NonNullable<StoreDump['handoff']> {
  if (!handoff.contacts) return handoff;
  return {
    ...handoff,
    contacts: mappedRows(handoff.contacts, (contact) => {
      if (typeof contact !== 'object' || contact === null || !('callerName' in contact)) return contact;
      const { callerName: _name, ...rest } = contact;
      return rest;
    }),
  };
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
  valuesOfPage?: (messages: HandoffMessage[]) => Promise<Map<string, string[]>>,
): NonNullable<StoreDump['handoff']> {
  const maskedWith =
    (bySession: ReadonlyMap<string, string[]>) =>
    (message: HandoffMessage): HandoffMessage => {
      if (typeof message?.text !== 'string') return message;
      const values = [...(bySession.get(sessionOf.get(message.contactId) ?? '') ?? []), ...(valuesByContact.get(message.contactId) ?? [])];
      const text = maskMessageText(message.text, values);
      return text === message.text ? message : { ...message, text };
    };
  const messages = handoff.messages ?? [];
  // Read a page at a time by the backup writer: each page masked as it is read, with its contacts' sessions looked up then.
  if (valuesOfPage && rowPagesOf(messages)) return { ...handoff, messages: mappedPages(messages, async (page) => page.map(maskedWith(await valuesOfPage(page)))) };
  return { ...handoff, messages: mappedRows(messages, maskedWith(valuesBySession)) };
}
