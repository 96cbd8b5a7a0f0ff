import type { JsonValue } from '@griot/flows';

/**
 * What messaging channels keep in the Store (`store.messaging`): the inbox of inbound messages,
 * the conversations' last-message times, outbound idempotency keys and delivery reports. It is
 * the connectors' `MessagingLedger`, implemented here and handed to them structurally (the
 * connectors never import the runtime); `connectors/src/messaging/ledger.ts` says what each
 * method promises, and its contract suite runs over both adapters (`contract/messagingContract.ts`).
 */

export type InboundState = 'received' | 'processed' | 'failed';

export interface InboundLease {
  owner: string;
  until: string;
}

export interface NewInbound {
  /** `<channel>:<platform message id>`. */
  id: string;
  channel: string;
  conversationKey: string;
  /** What processing needs; null when only the request that brought it can process it. */
  payload: JsonValue | null;
  receivedAt: string;
  lease?: InboundLease;
  expiresAt?: string;
}

export interface InboundRecord {
  id: string;
  channel: string;
  conversationKey: string;
  state: InboundState;
  /** Present while unsettled and recoverable; dropped once settled. */
  payload?: JsonValue;
  attempts: number;
  lease?: InboundLease;
  progress?: JsonValue;
  lastError?: string;
  receivedAt: string;
  updatedAt: string;
  /** Unset while the message waits to be processed: it never expires then. */
  expiresAt?: string;
}

export interface InboundOutcome {
  state: 'processed' | 'failed';
  at: string;
  expiresAt: string;
  error?: string;
}

export interface OutboundRecord {
  key: string;
  conversationKey: string;
  state: 'sent' | 'uncertain' | 'failed';
  platformId?: string;
  attempts: number;
  error?: string;
  updatedAt: string;
  expiresAt: string;
}

export interface DeliveryReport {
  messageId: string;
  status: string;
  at: string;
  outboundKey?: string;
  errors?: { code?: number; title?: string }[];
}

/** When a subscriber last wrote in a conversation. */
export interface ConversationMark {
  key: string;
  lastInbound: string;
  expiresAt: string;
}

export interface MessagingStore {
  recordInbound(messages: NewInbound[]): Promise<boolean[]>;
  takeInbound(id: string, lease: InboundLease, now: string): Promise<InboundRecord | null>;
  holdInbound(id: string, lease: InboundLease, update?: { progress?: JsonValue; error?: string }): Promise<boolean>;
  renewLeases(owner: string, ids: string[], until: string): Promise<number>;
  settleInbound(id: string, owner: string, outcome: InboundOutcome): Promise<boolean>;
  dueInbound(now: string, limit: number): Promise<InboundRecord[]>;
  listInbound(filter: { states: InboundState[]; limit: number }): Promise<InboundRecord[]>;
  touchConversation(conversationKey: string, at: string, expiresAt: string): Promise<string | null>;
  lastInbound(conversationKey: string): Promise<string | null>;
  getOutbound(key: string): Promise<OutboundRecord | null>;
  putOutbound(record: OutboundRecord): Promise<void>;
  recordStatus(report: DeliveryReport): Promise<DeliveryReport>;
  getStatus(messageId: string): Promise<DeliveryReport | null>;
  purgeExpired(now: string): Promise<number>;
}

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

const RANK: Record<string, number> = { sent: 1, delivered: 2, read: 3, played: 4, failed: 9, deleted: 9 };

/** Whether `next` should replace `current`: later in a message's delivery life, or a failure. */
export function isNewerStatus(current: DeliveryReport | null, next: DeliveryReport): boolean {
  if (!current) return true;
  const a = RANK[current.status] ?? 0;
  const b = RANK[next.status] ?? 0;
  return b > a || (b === a && next.at > current.at);
}
