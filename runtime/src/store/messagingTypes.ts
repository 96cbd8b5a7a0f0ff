/**
 * What messaging channels keep in the Store (`store.messaging`): the inbox of inbound messages,
 * the conversations' last-message times, outbound idempotency keys and delivery reports. It is
 * the connectors' `MessagingLedger`, implemented here and handed to them structurally (the
 * connectors never import the runtime); `connectors/src/messaging/ledger.ts` says what each
 * method promises, and its contract suite runs over both adapters (`contract/messagingContract.ts`).
 */

export type { DeliveryReport, InboundLease, InboundOutcome, InboundRecord, InboundState, NewInbound, OutboundRecord } from '@griot/connectors';
export { isNewerStatus } from '@griot/connectors';
import type { InboundRecord, MessagingLedger, OutboundRecord } from '@griot/connectors';

/** When a subscriber last wrote in a conversation. */
export interface ConversationMark {
  key: string;
  lastInbound: string;
  expiresAt: string;
}

/** The connectors' `MessagingLedger`, as the Store implements it. */
export type MessagingStore = MessagingLedger;

/**
 * What a backup keeps of messaging: the messages acknowledged to a platform and not yet
 * processed (a restored Griot answers them), the outbound keys of their conversations (so what
 * was sent is not sent again) and the conversations' last-message times (the 24-hour window,
 * inactivity). Settled message ids (dedupe marks: platforms do not re-deliver what they had a
 * 200 for, and they expire within days) and delivery reports are left out.
 */
export interface MessagingDump {
  inbound: InboundRecord[];
  outbound: OutboundRecord[];
  conversations: ConversationMark[];
}

/** How long a delivery report is kept. */
export const STATUS_KEPT_MS = 7 * 24 * 3_600_000;
