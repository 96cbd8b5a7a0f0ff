import type { EraseConversationsResult, HandoffPurgeCounts } from '../types.ts';
import { channelStateKeysOf, conversationKeyPatterns } from '../conversationKeys.ts';
import type { MongoCollections } from './mongoCollections.ts';

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const ids = { projection: { _id: 0, id: 1, status: 1 } } as const;

/**
 * The right to erasure and the retention of what subscribers said to agents, in MongoDB. Without
 * a transaction, the check of open contacts comes first and every delete is filtered again on a
 * status that cannot be handled (a contact taken meanwhile stays; the erasure can be asked again).
 * A contact's messages go before it and again after it (`removeContacts`).
 */
export function createMongoErasure(c: MongoCollections) {
  /**
   * Closed contacts with their agents' and subscribers' messages: the messages first, so that a
   * removal stopped half-way (a standalone server has no transaction) leaves a contact the next
   * erasure or purge finds again, never messages whose contact is gone and that nothing would
   * find; then again once the contacts are gone, for a message written meanwhile.
   */
  const removeContacts = async (contactIds: string[]): Promise<{ handoffContacts: number; handoffMessages: number }> => {
    if (contactIds.length === 0) return { handoffContacts: 0, handoffMessages: 0 };
    let handoffMessages = (await c.handoffMessages.deleteMany({ contactId: { $in: contactIds } })).deletedCount;
    const handoffContacts = (await c.handoffContacts.deleteMany({ id: { $in: contactIds }, status: 'closed' })).deletedCount;
    handoffMessages += (await c.handoffMessages.deleteMany({ contactId: { $in: contactIds } })).deletedCount;
    return { handoffContacts, handoffMessages };
  };
  return {
    async erase(callers: string[], knownKeys: string[]): Promise<EraseConversationsResult> {
      const contacts = await c.handoffContacts
        .find<{ id: string; status: string; sessionKey: string }>({ callerNumber: { $in: callers } }, { projection: { _id: 0, id: 1, status: 1, sessionKey: 1 } })
        .toArray();
      const open = contacts.find((contact) => contact.status !== 'closed');
      if (open) return { ok: false, open: { kind: 'contact', id: open.id, status: open.status } };
      const contactIds = contacts.map((contact) => contact.id);
      const callbacks = [
        ...(await c.callbackRequests.find<{ id: string; status: string }>({ number: { $in: callers } }, ids).toArray()),
        ...(await c.callbackRequests.find<{ id: string; status: string }>({ contactId: { $in: contactIds } }, ids).toArray()),
      ];
      const taken = callbacks.find((callback) => callback.status === 'taken');
      if (taken) return { ok: false, open: { kind: 'callback', id: taken.id, status: taken.status } };

      const keys = new Set([...knownKeys, ...contacts.map((contact) => contact.sessionKey)]);
      const keyOnly = { projection: { _id: 0, key: 1 } } as const;
      for (const s of await c.sessions.find<{ key: string }>({ 'session.caller.number': { $in: callers } }, keyOnly).toArray()) keys.add(s.key);
      for (const s of await c.sessions.find<{ key: string }>({ platformCaller: { $in: callers } }, keyOnly).toArray()) keys.add(s.key);
      for (const s of await c.sessions.find<{ key: string }>({ linkedNumber: { $in: callers } }, keyOnly).toArray()) keys.add(s.key);
      // Conversations the messaging ledger knows by the caller's id alone (sessions long gone): `whatsapp:<phone id>:<wa_id>`.
      for (const pattern of conversationKeyPatterns(callers)) {
        const $regex = `^${escapeRegex(pattern.prefix)}.*${escapeRegex(pattern.suffix)}$`;
        const conversation = { projection: { _id: 0, conversationKey: 1 } } as const;
        for (const m of await c.messagingInbound.find<{ conversationKey: string }>({ conversationKey: { $regex } }, conversation).toArray()) keys.add(m.conversationKey);
        for (const m of await c.messagingOutbound.find<{ conversationKey: string }>({ conversationKey: { $regex } }, conversation).toArray()) keys.add(m.conversationKey);
        for (const m of await c.messagingConversations.find<{ key: string }>({ key: { $regex } }, keyOnly).toArray()) keys.add(m.key);
        // A web chat outbox outlives its session (24 h).
        for (const m of await c.channelStates.find<{ key: string }>({ key: { $regex } }, keyOnly).toArray()) keys.add(m.key);
      }
      const all = [...keys];
      const sent = await c.messagingOutbound.find<{ platformId?: string }>({ conversationKey: { $in: all } }, { projection: { _id: 0, platformId: 1 } }).toArray();
      const platformIds = sent.flatMap((s) => (s.platformId ? [s.platformId] : []));

      const { handoffContacts, handoffMessages } = await removeContacts(contactIds);
      // The bot's turns still waiting for their channel after an agent handed back.
      await c.pendingBotTurns.deleteMany({ contactId: { $in: contactIds } });
      const removedCallbacks = (await c.callbackRequests.deleteMany({ id: { $in: callbacks.map((callback) => callback.id) }, status: { $ne: 'taken' } })).deletedCount;
      const sessions = (await c.sessions.deleteMany({ key: { $in: all } })).deletedCount;
      await c.continuations.deleteMany({ key: { $in: all } });
      // Their channel states: USSD screens, the web chat outbox, the Bot Framework conversation reference.
      await c.channelStates.deleteMany({ key: { $in: channelStateKeysOf(all) } });
      let messaging = (await c.messagingStatuses.deleteMany({ messageId: { $in: platformIds } })).deletedCount;
      messaging += (await c.messagingInbound.deleteMany({ conversationKey: { $in: all } })).deletedCount;
      messaging += (await c.messagingOutbound.deleteMany({ conversationKey: { $in: all } })).deletedCount;
      messaging += (await c.messagingConversations.deleteMany({ key: { $in: all } })).deletedCount;
      return { ok: true, handoffContacts, handoffMessages, callbacks: removedCallbacks, sessions, messaging };
    },

    async purge(before: string): Promise<HandoffPurgeCounts> {
      const closed = await c.handoffContacts.find<{ id: string }>({ status: 'closed', updatedAt: { $lt: before } }, { projection: { _id: 0, id: 1 } }).toArray();
      const contactIds = closed.map((contact) => contact.id);
      const { handoffContacts, handoffMessages } = await removeContacts(contactIds);
      // A failed callback stays: an agent can still retry it (erasure removes it with the caller).
      const callbacks = (await c.callbackRequests.deleteMany({ status: 'done', updatedAt: { $lt: before } })).deletedCount;
      return { handoffContacts, handoffMessages, callbacks };
    },
  };
}
