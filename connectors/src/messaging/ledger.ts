import type { JsonValue } from '@griot/flows';

/**
 * What messaging channels must keep between webhooks, across restarts and instances:
 *
 * - the inbox: every inbound message, recorded before the platform is answered and kept until
 *   it was processed (at least once, after a crash too), which also makes re-deliveries harmless;
 * - when each subscriber last wrote (inactivity, WhatsApp's 24-hour window);
 * - what was sent under which idempotency key, and the delivery reports.
 *
 * The runtime's Store implements it (`store.messaging`, SQLite and MongoDB alike) and hands it
 * over structurally: connectors never import the runtime. `MemoryLedger` is for tests.
 */
export interface MessagingLedger {
  /**
   * Records inbound messages, all in one durable write; says for each whether it is new (false:
   * that id is already recorded, a re-delivery). Resolves only once the write is durable, so a
   * platform may be answered after it. Must be atomic across instances (one id, one record).
   */
  recordInbound(messages: NewInbound[]): Promise<boolean[]>;
  /**
   * Takes a message to process it: when it is still `received` and its lease is free, lapsed or
   * already the taker's. Counts an attempt and leases it to `lease.owner` until `lease.until`.
   * Null when it is settled, held by another live owner, or unknown.
   */
  takeInbound(id: string, lease: InboundLease, now: string): Promise<InboundRecord | null>;
  /**
   * While the owner holds it: moves the lease's end (`until` in the past lets it go at once),
   * keeps what processing got done (`progress`), notes the last error. False when not held.
   */
  holdInbound(id: string, lease: InboundLease, update?: { progress?: JsonValue; error?: string }): Promise<boolean>;
  /**
   * Moves to `until` the leases `owner` holds on these unsettled messages, in one write; returns
   * how many it still held. (`until` now lets them all go.)
   */
  renewLeases(owner: string, ids: string[], until: string): Promise<number>;
  /**
   * Ends a message the owner holds: `processed`, or `failed` (given up: operations see it). Its
   * payload and progress are dropped; the record stays until `expiresAt` against re-deliveries.
   */
  settleInbound(id: string, owner: string, outcome: InboundOutcome): Promise<boolean>;
  /**
   * Unsettled messages that can be processed from their payload and that nobody holds (never
   * leased, or the lease lapsed: the holder died), oldest first: what a recovery pass processes.
   */
  dueInbound(now: string, limit: number): Promise<InboundRecord[]>;
  /** Messages in these states, newest first, without their payload or progress (operations: no message content). */
  listInbound(filter: { states: InboundState[]; limit: number }): Promise<InboundRecord[]>;

  /** Sets when the subscriber of a conversation last wrote; returns the time before, if any. */
  touchConversation(conversationKey: string, at: string, expiresAt: string): Promise<string | null>;
  lastInbound(conversationKey: string): Promise<string | null>;
  getOutbound(key: string): Promise<OutboundRecord | null>;
  putOutbound(record: OutboundRecord): Promise<void>;
  /** Keeps the most advanced status of a sent message whatever order the reports come in. */
  recordStatus(report: DeliveryReport): Promise<DeliveryReport>;
  getStatus(messageId: string): Promise<DeliveryReport | null>;
  /** Removes what expired by `now` (settled messages, conversations, outbound keys, reports); returns how many. */
  purgeExpired(now: string): Promise<number>;
}

export type InboundState = 'received' | 'processed' | 'failed';

/** Who processes a message, and until when, unless they renew it. */
export interface InboundLease {
  owner: string;
  until: string;
}

export interface NewInbound {
  /** `<channel>:<the platform's message id>`: unique. */
  id: string;
  channel: string;
  /** The session key the message belongs to (`whatsapp:<phone number id>:<sender>`). */
  conversationKey: string;
  /**
   * What processing needs (the channel-neutral message), or null when only the request that
   * brought it can process it (Bot Framework, web chat: nobody else could answer it).
   */
  payload: JsonValue | null;
  receivedAt: string;
  /** Held by the recorder from the start, so no other instance takes it while it is queued here. */
  lease?: InboundLease;
  /** When the record may go, for one that never waits for recovery (payload null). */
  expiresAt?: string;
}

export interface InboundRecord {
  id: string;
  channel: string;
  conversationKey: string;
  state: InboundState;
  /** Present while unsettled (and recoverable); dropped once settled. */
  payload?: JsonValue;
  /** How many times processing began (a poison message stops at the channel's limit). */
  attempts: number;
  lease?: InboundLease;
  /** What an earlier attempt got done (the replies a turn produced), so a retry does not replay the turn. */
  progress?: JsonValue;
  lastError?: string;
  receivedAt: string;
  updatedAt: string;
  /** Unset while it waits to be processed: an unprocessed message never expires. */
  expiresAt?: string;
}

export interface InboundOutcome {
  state: 'processed' | 'failed';
  at: string;
  /** How long the id is remembered against re-deliveries. */
  expiresAt: string;
  error?: string;
}

/** One message Griot sends, under an idempotency key derived from what caused it. */
export interface OutboundRecord {
  key: string;
  conversationKey: string;
  /**
   * `sent` with the platform id; `uncertain` when the platform may have taken it (a timeout, or
   * a send under way when the process stopped) until a delivery report says it did; `failed`
   * when it certainly did not.
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

/**
 * Whether `next` should replace `current`: later in the delivery life, or a failure; or the same
 * report naming the outbound record it is about, which `current` did not know (an SMSC's receipt
 * can come before Griot has recorded which reply the part was of).
 */
export function isNewerStatus(current: DeliveryReport | null, next: DeliveryReport): boolean {
  if (!current) return true;
  const a = RANK[current.status] ?? 0;
  const b = RANK[next.status] ?? 0;
  const names = next.outboundKey !== undefined && current.outboundKey === undefined;
  return b > a || (b === a && (next.at > current.at || (names && next.at === current.at)));
}
