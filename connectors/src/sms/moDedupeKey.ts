import { createHash } from 'node:crypto';
import type { MobileOriginated } from './readDeliverSm.ts';

/**
 * The id a subscriber's SMS is recorded under in the inbox, so that the SMSC re-delivering it
 * (its `deliver_sm_resp` was lost) does not process it twice. SMPP 3.4 gives a subscriber's
 * message no id of its own, so:
 *
 * - when the SMSC puts its own message id in a TLV (`SMPP_MO_MESSAGE_ID_TLV`), the key is that
 *   id with the sender and short code: a re-delivery is recognised exactly;
 * - otherwise the key hashes the sender, short code, text, the `deliver_sm`'s sequence number
 *   and the bind it came over. A re-delivery over another bind (the usual case: the link was
 *   lost before the answer) is then processed again: the subscriber may be answered twice.
 *   The other way round (a hash of sender and text alone) would swallow a subscriber typing
 *   "1" twice, a message never processed; Griot never takes that risk.
 */
export function moDedupeKey(message: Pick<MobileOriginated, 'from' | 'to' | 'text' | 'smscMessageId'>, delivery: { sequence: number; bindId: string }): string {
  if (message.smscMessageId) return `${message.to}:${message.from}:${message.smscMessageId}`;
  const hash = createHash('sha256')
    .update(JSON.stringify([message.from, message.to, message.text, delivery.sequence, delivery.bindId]))
    .digest('base64url')
    .slice(0, 24);
  return `${message.to}:${message.from}:h:${hash}`;
}
