import type { JsonValue } from '@griot/flows';
import type { InboundRecord, MessagingLedger } from '@griot/connectors';
import type { Logger } from '../logger.ts';
import type { DataKeyring } from './dataKeys.ts';
import { isSealed, openJson, sealJson } from './dataCipher.ts';

/**
 * The messaging ledger with what subscribers wrote (a waiting message's payload) and what a turn
 * answered them (its `progress`: the replies, which may hold a PUK code) sealed under the data
 * key while they wait, like a live session's sensitive variables. The store only ever holds
 * them sealed; settling drops them. Without GRIOT_DATA_KEY the ledger is used as is.
 */
export function sealedLedger(ledger: MessagingLedger, keys: DataKeyring | undefined, log: Logger): MessagingLedger {
  if (!keys) return ledger;
  const seal = (id: string, part: string, value: JsonValue): JsonValue => sealJson(keys, `${part}:${id}`, value) as unknown as JsonValue;
  const open = (record: InboundRecord | null): InboundRecord | null => {
    if (!record) return record;
    const opened: InboundRecord = { ...record };
    for (const part of ['payload', 'progress'] as const) {
      const value = record[part];
      if (!isSealed(value)) continue;
      const result = openJson(keys, `${part}:${record.id}`, value);
      if (result.ok) opened[part] = result.value as JsonValue;
      else {
        delete opened[part];
        log.warn(
          { event: 'messaging.sealedUnreadable', part, kid: value.kid, reason: result.reason },
          `a waiting message's ${part} does not open with the configured data keys: it is treated as absent`,
        );
      }
    }
    return opened;
  };
  return {
    recordInbound: (messages) => ledger.recordInbound(messages.map((m) => (m.payload === null ? m : { ...m, payload: seal(m.id, 'payload', m.payload) }))),
    takeInbound: async (id, lease, now) => open(await ledger.takeInbound(id, lease, now)),
    holdInbound: (id, lease, update) => ledger.holdInbound(id, lease, update?.progress === undefined ? update : { ...update, progress: seal(id, 'progress', update.progress) }),
    renewLeases: (owner, ids, until) => ledger.renewLeases(owner, ids, until),
    settleInbound: (id, owner, outcome) => ledger.settleInbound(id, owner, outcome),
    dueInbound: async (now, limit) => (await ledger.dueInbound(now, limit)).map((r) => open(r) as InboundRecord),
    listInbound: (filter) => ledger.listInbound(filter),
    touchConversation: (key, at, expiresAt) => ledger.touchConversation(key, at, expiresAt),
    lastInbound: (key) => ledger.lastInbound(key),
    getOutbound: (key) => ledger.getOutbound(key),
    putOutbound: (record) => ledger.putOutbound(record),
    recordStatus: (report) => ledger.recordStatus(report),
    getStatus: (messageId) => ledger.getStatus(messageId),
    purgeExpired: (now) => ledger.purgeExpired(now),
  };
}
