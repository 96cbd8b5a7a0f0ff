/**
 * What a messaging channel must remember between webhooks, and across restarts and instances:
 * which inbound messages were already processed (platforms re-deliver), when each subscriber
 * last wrote (inactivity, WhatsApp's 24-hour window), what was sent under which idempotency key,
 * and the delivery reports. The runtime supplies a durable implementation over its store;
 * `MemoryLedger` is for tests and single-process demos.
 */
export interface MessagingLedger {
  /**
   * Records an inbound message id and says whether it is new. False means it was seen before
   * (a re-delivery): the caller skips it. Must be atomic across instances.
   */
  claimInbound(messageId: string, expiresAt: string): Promise<boolean>;
  /** Sets when the subscriber of a conversation last wrote; returns the time before, if any. */
  touchConversation(conversationKey: string, at: string, expiresAt: string): Promise<string | null>;
  lastInbound(conversationKey: string): Promise<string | null>;
  getOutbound(key: string): Promise<OutboundRecord | null>;
  putOutbound(record: OutboundRecord): Promise<void>;
  /** Keeps the most advanced status of a sent message whatever order the reports come in. */
  recordStatus(report: DeliveryReport): Promise<DeliveryReport>;
  getStatus(messageId: string): Promise<DeliveryReport | null>;
}

/** One message Griot sends, under an idempotency key derived from what caused it. */
export interface OutboundRecord {
  key: string;
  conversationKey: string;
  /**
   * `sent` with the platform id; `uncertain` when the platform may have taken it (timeout) until
   * a delivery report says it did; `failed` when it certainly did not.
   */
  state: 'sent' | 'uncertain' | 'failed';
  platformId?: string;
  attempts: number;
  error?: string;
  updatedAt: string;
  expiresAt: string;
}

export interface DeliveryReport {
  /** The platform's id of the sent message (WhatsApp `wamid`). */
  messageId: string;
  status: string;
  at: string;
  /** The outbound idempotency key echoed back by the platform, when it was given one. */
  outboundKey?: string;
  errors?: { code?: number; title?: string }[];
}

const RANK: Record<string, number> = { sent: 1, delivered: 2, read: 3, played: 4, failed: 9, deleted: 9 };

/** Whether `next` should replace `current`: later in the delivery life, or a failure. */
export function isNewerStatus(current: DeliveryReport | null, next: DeliveryReport): boolean {
  if (!current) return true;
  const a = RANK[current.status] ?? 0;
  const b = RANK[next.status] ?? 0;
  return b > a || (b === a && next.at > current.at);
}
