import type { JsonValue } from '@griot/flows';
import type { DeliveryReport, InboundLease, InboundOutcome, InboundState, MessagingStore, NewInbound, OutboundRecord } from '../messagingTypes.ts';
import type { MessagingTables } from './messagingTables.ts';
import type { WriteBatcher } from './WriteBatcher.ts';

/**
 * `store.messaging` on SQLite. Every write joins the store's group commit and resolves once
 * committed: `recordInbound` is durable (in the WAL) when it resolves, which is what lets the
 * webhook answer 200 after it, and a burst of webhooks shares one commit.
 */
export function sqliteMessaging(t: MessagingTables, batch: WriteBatcher, contactWrote: () => void = () => {}): MessagingStore {
  // `contactWrote`: a message's text or replies written, or dropped by settling it (perhaps an
  // earlier run's, before any turn of this one): the store's checkpoint thread runs from then on.
  return {
    recordInbound: (messages: NewInbound[]) => {
      contactWrote();
      return batch.write(() => t.recordInbound(messages));
    },
    takeInbound: (id: string, lease: InboundLease, now: string) => batch.write(() => t.takeInbound(id, lease, now)),
    holdInbound: (id: string, lease: InboundLease, update: { progress?: JsonValue; error?: string } = {}) => {
      contactWrote();
      return batch.write(() => t.holdInbound(id, lease, update));
    },
    renewLeases: (owner: string, ids: string[], until: string) => batch.write(() => t.renewLeases(owner, ids, until)),
    settleInbound: (id: string, owner: string, outcome: InboundOutcome) => {
      contactWrote();
      return batch.write(() => t.settleInbound(id, owner, outcome));
    },
    dueInbound: async (now: string, limit: number) => t.dueInbound(now, limit),
    listInbound: async (filter: { states: InboundState[]; limit: number }) => t.listInbound(filter),
    touchConversation: (key: string, at: string, expiresAt: string) => batch.write(() => t.touchConversation(key, at, expiresAt)),
    lastInbound: async (key: string) => t.lastInbound(key),
    getOutbound: async (key: string) => t.getOutbound(key),
    putOutbound: (record: OutboundRecord) => batch.write(() => t.putOutbound(record)),
    recordStatus: (report: DeliveryReport) => batch.write(() => t.recordStatus(report)),
    getStatus: async (messageId: string) => t.getStatus(messageId),
    purgeExpired: (now: string) => batch.write(() => t.purgeExpired(now)),
  };
}
