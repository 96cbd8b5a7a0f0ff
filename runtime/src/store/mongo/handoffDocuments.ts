import type {
  CallbackRequest, CallbackRequestPatch, CallbackStatus, HandoffContact, HandoffContactPatch, HandoffMessage, HandoffStatus, QueueSettings,
} from '../types.ts';
import type { MongoCollections } from './mongoCollections.ts';
import { withoutId } from './projections.ts';

/** `$set` for defined values, `$unset` for undefined ones (a transfer drops the agent). */
function updateOf(patch: object): { $set: Record<string, unknown>; $unset?: Record<string, ''> } {
  const $set: Record<string, unknown> = {};
  const $unset: Record<string, ''> = {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) $unset[key] = '';
    else $set[key] = value;
  }
  return Object.keys($unset).length > 0 ? { $set, $unset } : { $set };
}

const after = { ...withoutId, returnDocument: 'after' as const };

/**
 * Handoff contacts, messages, callback requests and queue settings. Status changes are one
 * `findOneAndUpdate` filtered on the expected status: two agents taking a contact cannot both win.
 */
export function createMongoHandoff(c: MongoCollections) {
  return {
    async putContact(contact: HandoffContact): Promise<void> {
      await c.handoffContacts.replaceOne({ id: contact.id }, { ...contact }, { upsert: true });
    },
    getContact: (id: string) => c.handoffContacts.findOne<HandoffContact>({ id }, withoutId),
    listContacts(filter: { statuses?: HandoffStatus[]; queue?: string; sessionKey?: string }): Promise<HandoffContact[]> {
      const query: Record<string, unknown> = {};
      if (filter.statuses) query.status = { $in: filter.statuses };
      if (filter.queue !== undefined) query.queue = filter.queue;
      if (filter.sessionKey !== undefined) query.sessionKey = filter.sessionKey;
      return c.handoffContacts.find<HandoffContact>(query, withoutId).sort({ priority: 1, enqueuedAt: 1, _id: 1 }).toArray();
    },
    updateContact: (id: string, expected: HandoffStatus[], patch: HandoffContactPatch) =>
      c.handoffContacts.findOneAndUpdate({ id, status: { $in: expected } }, updateOf(patch), after) as Promise<HandoffContact | null>,
    async appendMessage(message: HandoffMessage): Promise<void> {
      await c.handoffMessages.insertOne({ ...message });
    },
    listMessages: (contactId: string) => c.handoffMessages.find<HandoffMessage>({ contactId }, withoutId).sort({ _id: 1 }).toArray(),
    async putCallback(request: CallbackRequest): Promise<void> {
      await c.callbackRequests.replaceOne({ id: request.id }, { ...request }, { upsert: true });
    },
    getCallback: (id: string) => c.callbackRequests.findOne<CallbackRequest>({ id }, withoutId),
    listCallbacks: (filter: { statuses?: CallbackStatus[] }) =>
      c.callbackRequests.find<CallbackRequest>(filter.statuses ? { status: { $in: filter.statuses } } : {}, withoutId).sort({ requestedAt: 1, _id: 1 }).toArray(),
    updateCallback: (id: string, expected: CallbackStatus[], patch: CallbackRequestPatch) =>
      c.callbackRequests.findOneAndUpdate({ id, status: { $in: expected } }, updateOf(patch), after) as Promise<CallbackRequest | null>,
    getSettings: (queue: string) => c.queueSettings.findOne<QueueSettings>({ queue }, withoutId),
    async putSettings(settings: QueueSettings): Promise<void> {
      await c.queueSettings.replaceOne({ queue: settings.queue }, { ...settings }, { upsert: true });
    },
    listSettings: () => c.queueSettings.find<QueueSettings>({}, withoutId).sort({ queue: 1 }).toArray(),
  };
}

export type MongoHandoff = ReturnType<typeof createMongoHandoff>;
