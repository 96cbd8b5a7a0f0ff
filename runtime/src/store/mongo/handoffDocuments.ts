import type { ClientSession, Filter, UpdateFilter } from 'mongodb';
import { DUMP_PAGE_ROWS, type RowPages } from '../dumpedPages.ts';
import type {
  CallbackRequest,
  CallbackRequestPatch,
  CallbackStatus,
  HandoffContact,
  ContactToMask,
  HandoffContactPatch,
  HandoffExpectation,
  HandoffMessage,
  HandoffStatus,
  QueueSettings,
  CannedReply,
  PendingBotTurn,
} from '../types.ts';
import { sortedCanned } from '../cannedReplyOrder.ts';
import { expectationOf } from '../handoffExpectation.ts';
import type { MongoCollections } from './mongoCollections.ts';
import { withoutId } from './projections.ts';
import { isDuplicateKey } from './isDuplicateKey.ts';
import { inSession, type MongoUnitOfWork } from './mongoTransactions.ts';
import { decodeKeys, encodeKeys } from './mongoKeys.ts';
import { maskMessageText } from '../../sensitive/maskMessageText.ts';

/**
 * `$set` for defined values, `$unset` for undefined ones (a transfer drops the agent); an
 * operator with nothing in it is left out: MongoDB before 5.0 refuses an empty `$set`, and a
 * patch may only remove fields.
 */
export function updateOf(patch: object): UpdateFilter<Record<string, unknown>> {
  const $set: Record<string, unknown> = {};
  const $unset: Record<string, ''> = {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) $unset[key] = '';
    else $set[key] = value;
  }
  return { ...(Object.keys($set).length > 0 ? { $set } : {}), ...(Object.keys($unset).length > 0 ? { $unset } : {}) };
}

const after = { ...withoutId, returnDocument: 'after' as const };

/** A contact's and a callback's context is the flow's user JSON: field names MongoDB may refuse are encoded. */
export const storedContact = (contact: HandoffContact): HandoffContact => ({ ...contact, context: encodeKeys(contact.context) });
/** A stored contact as read, with the values to mask (only the masking pass reads those). */
const storedContactOf = (stored: ContactToMask): ContactToMask => ({ ...stored, context: decodeKeys(stored.context) });
/** A stored contact as every other read gives it: without the values to mask. */
const contactOf = (stored: ContactToMask | null): HandoffContact | null => {
  if (!stored) return null;
  const { maskValues: _values, ...contact } = storedContactOf(stored);
  return contact;
};
export const storedCallback = (request: CallbackRequest): CallbackRequest => ({ ...request, context: encodeKeys(request.context) });
const callbackOf = (stored: CallbackRequest | null): CallbackRequest | null => (stored ? { ...stored, context: decodeKeys(stored.context) } : null);

/** Oldest first: by time, then insertion within a millisecond. */
export const messageOrder = { contactId: 1, at: 1, _id: 1 } as const;

/** Contacts whose messages a backup reads in one query (a page of the writer's): a few thousand messages. */
const MESSAGE_PAGE_CONTACTS = 200;

/** An agent's reply written on a standalone server before its holder check: not a message yet. */
type ProvisionalMessage = HandoffMessage & { provisional?: true };
/** A message as read: a provisional one (its check still running, or its writer stopped) is no message. */
const messageOf = (stored: ProvisionalMessage | null): HandoffMessage | null => (stored && !stored.provisional ? stored : null);
const shown = (stored: ProvisionalMessage[]): HandoffMessage[] => stored.filter((m) => !m.provisional);
/** A provisional reply this much older than the recovery pass's grace: its writer stopped, no retry came. */
const PROVISIONAL_ABANDONED_MS = 60_000;

/**
 * Handoff contacts, messages, callback requests and queue settings. Status changes are one
 * `findOneAndUpdate` filtered on the expected status (and agent): two agents taking a contact cannot both win.
 */
export function createMongoHandoff(c: MongoCollections, work: MongoUnitOfWork) {
  async function change<T>(update: () => Promise<T>, patch: object, current: () => Promise<T>): Promise<T> {
    // A patch that changes nothing at all (no field given) is a read of what it would have applied to.
    return Object.keys(patch).length === 0 ? current() : update();
  }
  return {
    async putContact(contact: HandoffContact): Promise<void> {
      await c.handoffContacts.replaceOne({ id: contact.id }, storedContact(contact), { upsert: true });
    },
    getContact: async (id: string) => contactOf(await c.handoffContacts.findOne<HandoffContact>({ id }, withoutId)),
    async listContacts(filter: { statuses?: HandoffStatus[]; queue?: string; sessionKey?: string }, options: { session?: ClientSession } = {}): Promise<HandoffContact[]> {
      const query: Record<string, unknown> = {};
      if (filter.statuses) query.status = { $in: filter.statuses };
      if (filter.queue !== undefined) query.queue = filter.queue;
      if (filter.sessionKey !== undefined) query.sessionKey = filter.sessionKey;
      const found = await c.handoffContacts
        .find<HandoffContact>(query, { ...withoutId, ...options })
        .sort({ priority: 1, enqueuedAt: 1, _id: 1 })
        .toArray();
      return found.map((f) => contactOf(f)!);
    },
    /**
     * Every contact (backups), with the values kept to mask the messages of those closed but not
     * masked yet, from the one query a backup makes of the collection (its snapshot reads each
     * collection once).
     */
    async contactsForBackup(options: { session?: ClientSession } = {}): Promise<{ contacts: HandoffContact[]; maskValues: Map<string, NonNullable<ContactToMask['maskValues']>> }> {
      const found = await c.handoffContacts
        .find<ContactToMask>({}, { ...withoutId, ...options })
        .sort({ priority: 1, enqueuedAt: 1, _id: 1 })
        .toArray();
      const maskValues = new Map<string, NonNullable<ContactToMask['maskValues']>>();
      for (const stored of found) if (stored.maskPending && stored.maskValues) maskValues.set(stored.id, stored.maskValues);
      return { contacts: found.map((f) => contactOf(f)!), maskValues };
    },
    /**
     * The contacts for the backup writer's dump: their order (ids and session keys, with the
     * values kept to mask the messages of those closed but not masked yet: one query, a few fields
     * a contact), then their records a page at a time, by id, put back in that order (as SQLite's
     * `contactPages`). Not through a cursor in the order's sort: on a standalone server (no
     * snapshot) a transfer changing a contact's priority moves it across an open cursor, which then
     * gives it twice or never, and restore refuses a file listing a contact twice. By id, the file
     * lists exactly the contacts of the order, each once, with their messages (read by the same
     * ids); a contact removed since is left out, one created since is not in this backup.
     */
    async contactPagesForBackup(
      options: { session?: ClientSession } = {},
      size = DUMP_PAGE_ROWS,
    ): Promise<{ order: Array<{ id: string; sessionKey: string }>; maskValues: Map<string, NonNullable<ContactToMask['maskValues']>>; pages: RowPages<HandoffContact> }> {
      const found = await c.handoffContacts
        .find<Pick<ContactToMask, 'id' | 'sessionKey' | 'maskPending' | 'maskValues'>>({}, { projection: { _id: 0, id: 1, sessionKey: 1, maskPending: 1, maskValues: 1 }, ...options })
        .sort({ priority: 1, enqueuedAt: 1, _id: 1 })
        .toArray();
      const maskValues = new Map<string, NonNullable<ContactToMask['maskValues']>>();
      for (const stored of found) if (stored.maskPending && stored.maskValues) maskValues.set(stored.id, stored.maskValues);
      const ids = found.map((f) => f.id);
      let at = 0;
      const pages = async (): Promise<HandoffContact[]> => {
        const page: HandoffContact[] = [];
        // On past ids whose contacts are all gone: an empty page ends the list.
        while (page.length === 0 && at < ids.length) {
          const wanted = ids.slice(at, at + size);
          at += size;
          const records = await c.handoffContacts.find<ContactToMask>({ id: { $in: wanted } }, { ...withoutId, ...options }).toArray();
          const byId = new Map(records.map((r) => [r.id, r]));
          for (const id of wanted) {
            const contact = contactOf(byId.get(id) ?? null);
            if (contact) page.push(contact);
          }
        }
        return page;
      };
      return { order: found.map((f) => ({ id: f.id, sessionKey: f.sessionKey })), maskValues, pages };
    },
    updateContact: async (id: string, expected: HandoffExpectation, patch: HandoffContactPatch) => {
      const { statuses, agent, queue, priority } = expectationOf(expected);
      // `agent: null`: a contact nobody holds (the field is unset, never stored as null).
      const holder: Filter<HandoffContact> = agent === undefined ? {} : agent === null ? { agent: { $exists: false } } : { agent };
      const filter: Filter<HandoffContact> = { id, status: { $in: statuses }, ...holder, ...(queue === undefined ? {} : { queue }), ...(priority === undefined ? {} : { priority }) };
      return contactOf(
        await change(
          () => c.handoffContacts.findOneAndUpdate(filter, updateOf(patch), after) as Promise<HandoffContact | null>,
          patch,
          () => c.handoffContacts.findOne<HandoffContact>(filter, withoutId),
        ),
      );
    },
    async appendMessage(message: HandoffMessage): Promise<void> {
      await c.handoffMessages.insertOne({ ...message });
    },
    /**
     * Upserted on (contact, id), unique: a retry finds the message its first attempt stored. Of two
     * retries at once on two instances, the second upsert may be refused (E11000): already stored.
     * With `holder`, the contact is read as still assigned to them: on a replica set in one
     * transaction with the upsert; on a standalone server (no transactions) the message is written
     * first, `provisional` (hidden from every read, never pending, so no channel takes it), then the
     * contact is read, then the message is confirmed (made pending) or removed. A transfer or
     * requeue that lands before the read wins (nothing stays, `changedHands`); one after it comes
     * after a message that was stored while she held the contact: as with the transaction. A retry
     * that finds the row still provisional (its first attempt died, or runs on another instance)
     * goes on from there; a row nobody goes on with is removed by the recovery pass.
     */
    async appendMessageOnce(message: HandoffMessage, holder?: string): Promise<HandoffMessage | null | 'changedHands'> {
      const key = { contactId: message.contactId, id: message.id };
      const stillHeld = async (session: ClientSession | undefined) =>
        (await c.handoffContacts.findOne({ id: message.contactId, status: 'assigned', agent: holder }, { projection: { _id: 1 }, ...inSession(session) })) !== null;
      /**
       * The standalone protocol. An attempt that finds a provisional row of the same reply (its first
       * attempt died after writing it, or is still running on another instance) carries the
       * protocol on: it reads the contact, then confirms or removes the row. Only the attempt whose
       * confirm changed the row answers "stored now" (the caller audits and sends it); any other
       * answers the stored message (already stored: not sent as new) or `changedHands`.
       */
      const provisionally = async (): Promise<HandoffMessage | null | 'changedHands'> => {
        const { pending, ...held } = message;
        // Two attempts' upserts at once: the second may be refused (E11000), the row is there all the same.
        const written = await c.handoffMessages.updateOne(key, { $setOnInsert: { ...held, provisional: true } }, { upsert: true }).catch((error: unknown) => {
          if (isDuplicateKey(error)) return { upsertedCount: 0 };
          throw error;
        });
        if (written.upsertedCount === 0) {
          const stored = await c.handoffMessages.findOne<ProvisionalMessage>(key, withoutId);
          if (stored && !stored.provisional) return stored;
          // Another reply under this id: answered as stored, so the caller refuses the reuse (nothing sent).
          if (stored && (stored.from !== message.from || stored.author !== message.author || stored.text !== message.text)) {
            const { provisional: _provisional, ...other } = stored;
            return other;
          }
        }
        const settled = async () => {
          const now = await c.handoffMessages.findOne<ProvisionalMessage>(key, withoutId);
          return now && !now.provisional ? now : 'changedHands';
        };
        if (!(await stillHeld(undefined))) {
          // Removed only while provisional: another attempt may have confirmed it while she still held it.
          if ((await c.handoffMessages.deleteOne({ ...key, provisional: true })).deletedCount === 1) return 'changedHands';
          return settled();
        }
        const confirm = pending ? { $unset: { provisional: '' as const }, $set: { pending } } : { $unset: { provisional: '' as const } };
        if ((await c.handoffMessages.updateOne({ ...key, provisional: true }, confirm)).modifiedCount === 1) return null;
        // Another attempt confirmed it (stored, not sent again by this one) or removed it (the contact changed hands).
        return settled();
      };
      try {
        if (holder !== undefined && !work.transactions) return await provisionally();
        const outcome = await work.run(async (session): Promise<HandoffMessage | null | 'changedHands' | undefined> => {
          if (holder !== undefined) {
            const stored = await c.handoffMessages.findOne<HandoffMessage>(key, { ...withoutId, ...inSession(session) });
            if (stored) return stored;
            if (!(await stillHeld(session))) return 'changedHands';
          }
          const written = await c.handoffMessages.updateOne(key, { $setOnInsert: { ...message } }, { upsert: true, ...inSession(session) });
          return written.upsertedCount > 0 ? null : undefined;
        });
        if (outcome !== undefined) return outcome;
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
      return messageOf(await c.handoffMessages.findOne<ProvisionalMessage>(key, withoutId));
    },
    getMessage: async (contactId: string, id: string) => messageOf(await c.handoffMessages.findOne<ProvisionalMessage>({ contactId, id }, withoutId)),
    /**
     * Also the sweep of provisional replies a minute older than `before` (the recovery pass's
     * grace, 10 s at least; a reply's time is taken before the channel is asked whether it may
     * write): their writer stopped between the write and the confirm and no retry came. They are
     * removed, never sent: the agent was never told they were stored (her app got no answer), and a
     * writer still running finds its row gone and answers `changedHands` (nothing sent).
     */
    async listPendingMessages(before: string, limit: number): Promise<HandoffMessage[]> {
      const abandoned = new Date(Date.parse(before) - PROVISIONAL_ABANDONED_MS).toISOString();
      await c.handoffMessages.deleteMany({ provisional: true, at: { $lt: abandoned } });
      return c.handoffMessages
        .find<HandoffMessage>({ pending: true, at: { $lt: before } }, withoutId)
        .sort({ at: 1, _id: 1 })
        .limit(limit)
        .toArray();
    },
    async settleMessage(contactId: string, id: string, undelivered?: string): Promise<boolean> {
      const update = undelivered === undefined ? { $unset: { pending: '' as const } } : { $unset: { pending: '' as const }, $set: { undelivered } };
      return (await c.handoffMessages.updateOne({ contactId, id, pending: true }, update)).modifiedCount > 0;
    },
    listMessages: async (contactId: string) => shown(await c.handoffMessages.find<ProvisionalMessage>({ contactId }, withoutId).sort(messageOrder).toArray()),
    /**
     * The changed texts in one bulk write, then the contact's mark removed: a process stopped in
     * between leaves the mark, and the next pass masks again (nothing left to change).
     */
    async maskMessages(contactId: string, values: string[]): Promise<number> {
      const messages = await c.handoffMessages.find<HandoffMessage & { _id: unknown }>({ contactId }, { projection: { _id: 1, text: 1 } }).toArray();
      const updates = messages.flatMap((m) => {
        const text = maskMessageText(m.text, values);
        return text === m.text ? [] : [{ updateOne: { filter: { _id: m._id }, update: { $set: { text } } } }];
      });
      if (updates.length > 0) await c.handoffMessages.bulkWrite(updates as never, { ordered: false });
      await c.handoffContacts.updateOne({ id: contactId, maskPending: true }, { $unset: { maskPending: '', maskValues: '' } });
      return updates.length;
    },
    listToMask: async (limit: number) => (await c.handoffContacts.find<ContactToMask>({ maskPending: true }, withoutId).limit(limit).toArray()).map(storedContactOf),
    /**
     * The messages of `contactIds` (backups), in their order, each contact's oldest first: one
     * query per `contacts` of them (the messages of one contact sorted through the contact's
     * index, regrouped here in the contacts' order), so a page holds the messages of those
     * contacts only. An empty page ends them.
     */
    messagePages(contactIds: readonly string[], options: { session?: ClientSession } = {}, contacts = MESSAGE_PAGE_CONTACTS) {
      let at = 0;
      return async (): Promise<HandoffMessage[]> => {
        const page: HandoffMessage[] = [];
        while (page.length === 0 && at < contactIds.length) {
          const ids = contactIds.slice(at, at + contacts);
          at += contacts;
          const found = shown(
            await c.handoffMessages
              .find<ProvisionalMessage>({ contactId: { $in: ids } }, { ...withoutId, ...options })
              .sort(messageOrder)
              .toArray(),
          );
          const byContact = new Map<string, HandoffMessage[]>();
          for (const message of found) {
            const list = byContact.get(message.contactId);
            if (list) list.push(message);
            else byContact.set(message.contactId, [message]);
          }
          for (const id of ids) for (const message of byContact.get(id) ?? []) page.push(message);
        }
        return page;
      };
    },
    async putCallback(request: CallbackRequest): Promise<void> {
      await c.callbackRequests.replaceOne({ id: request.id }, storedCallback(request), { upsert: true });
    },
    getCallback: async (id: string) => callbackOf(await c.callbackRequests.findOne<CallbackRequest>({ id }, withoutId)),
    listCallbacks: async (filter: { statuses?: CallbackStatus[] }, options: { session?: ClientSession } = {}) =>
      (
        await c.callbackRequests
          .find<CallbackRequest>(filter.statuses ? { status: { $in: filter.statuses } } : {}, { ...withoutId, ...options })
          .sort({ requestedAt: 1, _id: 1 })
          .toArray()
      ).map((r) => callbackOf(r)!),
    updateCallback: async (id: string, expected: CallbackStatus[], patch: CallbackRequestPatch) => {
      const filter = { id, status: { $in: expected } };
      return callbackOf(
        await change(
          () => c.callbackRequests.findOneAndUpdate(filter, updateOf(patch), after) as Promise<CallbackRequest | null>,
          patch,
          () => c.callbackRequests.findOne<CallbackRequest>(filter, withoutId),
        ),
      );
    },
    getSettings: (queue: string) => c.queueSettings.findOne<QueueSettings>({ queue }, withoutId),
    async putSettings(settings: QueueSettings): Promise<void> {
      await c.queueSettings.replaceOne({ queue: settings.queue }, { ...settings }, { upsert: true });
    },
    listSettings: (options: { session?: ClientSession } = {}) =>
      c.queueSettings
        .find<QueueSettings>({}, { ...withoutId, ...options })
        .sort({ queue: 1 })
        .toArray(),
    deleteSettings: async (queue: string) => (await c.queueSettings.deleteOne({ queue })).deletedCount > 0,
    // A few dozen at most: sorted by title here, as SQLite's adapter sorts them.
    listCanned: async (options: { session?: ClientSession } = {}) => sortedCanned(await c.cannedReplies.find<CannedReply>({}, { ...withoutId, ...options }).toArray()),
    getCanned: (id: string) => c.cannedReplies.findOne<CannedReply>({ id }, withoutId),
    async putCanned(reply: CannedReply): Promise<void> {
      await c.cannedReplies.replaceOne({ id: reply.id }, { ...reply }, { upsert: true });
    },
    deleteCanned: async (id: string) => (await c.cannedReplies.deleteOne({ id })).deletedCount > 0,
    async putBotTurn(turn: PendingBotTurn): Promise<void> {
      await c.pendingBotTurns.replaceOne({ contactId: turn.contactId }, { ...turn }, { upsert: true });
    },
    listDueBotTurns: (now: string, limit: number) =>
      c.pendingBotTurns
        .find<PendingBotTurn>({ nextAt: { $lte: now } }, withoutId)
        .sort({ nextAt: 1 })
        .limit(limit)
        .toArray(),
    getBotTurn: (contactId: string) => c.pendingBotTurns.findOne<PendingBotTurn>({ contactId }, withoutId),
    claimBotTurn: (contactId: string, seenNextAt: string, until: string) =>
      c.pendingBotTurns.findOneAndUpdate({ contactId, nextAt: seenNextAt }, { $set: { nextAt: until } }, after) as Promise<PendingBotTurn | null>,
    async deleteBotTurn(contactId: string): Promise<void> {
      await c.pendingBotTurns.deleteOne({ contactId });
    },
  };
}

export type MongoHandoff = ReturnType<typeof createMongoHandoff>;
