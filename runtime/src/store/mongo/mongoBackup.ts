import type { Document, OptionalUnlessRequiredId, Collection } from 'mongodb';
import type { StoreDump } from '../types.ts';
import { assertReadableDump, storeNotEmpty, withoutSensitiveValues } from '../backupRules.ts';
import type { MongoCollections } from './mongoCollections.ts';
import type { MongoParts } from './MongoStore.ts';

/** Everything in the store, collection by collection, in a stable order. */
export async function dumpMongo(p: MongoParts): Promise<StoreDump> {
  const [flows, drafts, versions, environments, bindings, sessions, callers, transcripts, audit, users, tokens] = await Promise.all([
    p.flows.list(),
    p.flows.allDrafts(),
    p.versions.all(),
    p.environments.all(),
    p.bindings.list(),
    p.sessions.all(),
    p.callers.all(),
    p.transcripts.all(),
    p.audit.all(),
    p.users.list(),
    p.users.allTokens(),
  ]);
  const contacts = await p.handoff.listContacts({});
  const handoff = {
    contacts,
    messages: (await Promise.all(contacts.map((c) => p.handoff.listMessages(c.id)))).flat(),
    callbacks: await p.handoff.listCallbacks({}),
    queueSettings: await p.handoff.listSettings(),
  };
  const messaging = await p.messaging.dump();
  return withoutSensitiveValues({ format: 'griot-backup', formatVersion: 1, createdAt: new Date().toISOString(), flows, drafts, versions, environments, bindings, sessions, callers, transcripts, audit, users, tokens, handoff, messaging });
}

/** insertMany in dump order, on copies (the driver writes `_id` into what it inserts). */
async function insertAll<T extends Document>(collection: Collection<T>, records: T[]): Promise<void> {
  if (records.length > 0) await collection.insertMany(records.map((r) => ({ ...r }) as OptionalUnlessRequiredId<T>), { ordered: true });
}

/**
 * Loads a backup into an empty database. Not one transaction (that needs a replica set):
 * emptiness is checked first; after a restore that failed half-way, drop the database and
 * run it again.
 */
export async function restoreMongo(c: MongoCollections, p: MongoParts, given: StoreDump): Promise<void> {
  assertReadableDump(given);
  // A backup written before sensitive values were kept out of backups may still hold some.
  const dump = withoutSensitiveValues(given);
  const [flows, users] = await Promise.all([c.flows.countDocuments(), c.users.countDocuments()]);
  if (flows > 0 || users > 0) throw storeNotEmpty(flows, users);
  await insertAll(c.flows, dump.flows);
  await insertAll(c.drafts, dump.drafts);
  await insertAll(c.versions, dump.versions);
  await insertAll(c.environments, dump.environments);
  await insertAll(c.bindings, dump.bindings);
  await insertAll(c.sessions, dump.sessions.map((s) => ({ ...s, expiresAtDate: new Date(s.expiresAt) })));
  await insertAll(c.callers, dump.callers);
  await insertAll(c.transcripts, dump.transcripts);
  await insertAll(c.audit, dump.audit);
  await insertAll(c.users, dump.users);
  await insertAll(c.tokens, dump.tokens);
  await insertAll(c.handoffContacts, dump.handoff?.contacts ?? []);
  await insertAll(c.handoffMessages, dump.handoff?.messages ?? []);
  await insertAll(c.callbackRequests, dump.handoff?.callbacks ?? []);
  await insertAll(c.queueSettings, dump.handoff?.queueSettings ?? []);
  if (dump.messaging) await p.messaging.restore(dump.messaging);
  // Version numbering goes on after the highest restored number of each flow.
  const highest = new Map<string, number>();
  for (const v of dump.versions) highest.set(v.flowId, Math.max(highest.get(v.flowId) ?? 0, v.number));
  await Promise.all([...highest].map(([flowId, number]) => p.versions.raiseCounter(flowId, number)));
}
