import type { MessagingLedger, OutboundRecord } from './ledger.ts';
import type { ChannelLogger } from '../channel/ChannelLogger.ts';

/** What one send came to, as each channel reads its platform's answer. */
export type SendOutcome<F> =
  | { kind: 'sent'; platformId?: string; attempts: number }
  /** The request left and no answer came: the platform may have taken it. */
  | { kind: 'uncertain'; attempts: number; error: string }
  /** Certainly not taken (refused, undeliverable, unavailable after the client's retries); `log` says how, for the log line. */
  | { kind: 'failed'; attempts: number; error: string; failure: F; log: Record<string, unknown> };

export interface SendInOrderOptions<M, F> {
  ledger: MessagingLedger;
  logger: ChannelLogger;
  now: () => number;
  /** How long outbound keys are remembered (default 7 days). */
  retentionHours: number | undefined;
  conversationKey: string;
  /** Each message with its idempotency key (`<cause>:<index>`), in the order they must arrive. */
  messages: { key: string; message: M }[];
  /**
   * Sends one message, called once its key is recorded `uncertain`, committed; with
   * `recordsAtWire`, before that: the sender awaits `atWire()` (which records it, once) at the
   * last moment before the message can leave.
   */
  send: (message: M, key: string, atWire: () => Promise<void>) => Promise<SendOutcome<F>>;
  /**
   * The sender records each key itself (`atWire`) when the message is about to leave, not before
   * `send` is called: a client that holds messages back a while (SMPP's window of outstanding
   * PDUs, a link reconnecting) must not leave one that never went recorded as one that may have.
   */
  recordsAtWire?: boolean;
  /**
   * Whether a message recorded earlier, and not `failed`, still has something to send (default:
   * nothing, it is skipped). SMS: the parts of a concatenated SMS that have no record of their own.
   */
  unfinished?: (message: M, key: string, existing: OutboundRecord) => Promise<boolean>;
  /** The channel as logs name it (`WhatsApp`). */
  label: string;
  /** How a key appears in logs (Messenger logs refs: its keys hold a subscriber's id). */
  logKey?: (key: string) => string;
  /** Said after "send timed out: not re-sent" (WhatsApp: its status webhook will tell). */
  uncertainNote?: string;
}

export interface InOrderReport<F> {
  /** `replied`: all sent (or sent before); `failed`: stopped at a message the platform did not take. */
  outcome: 'replied' | 'failed';
  sent: number;
  /** Sent (or maybe sent) under the same key earlier: not sent again. */
  alreadySent: number;
  failure?: F;
}

/**
 * Sends a turn's messages in order, each under an idempotency key kept in the ledger, never
 * twice: a key sent (or that may have been) is skipped; a key is recorded `uncertain`, and that
 * record committed, before its request leaves the process, so a process that dies while the
 * platform may hold the message does not send it again when the message is processed anew (the
 * price: one that dies in the instant between that commit and the request loses that message
 * rather than doubling it; the subscriber's next message gets the menu again). A timeout leaves it `uncertain` and it is not re-sent (no platform here has an
 * idempotency key of its own: a second send would be a second message). The rest of the turn
 * still goes after an uncertain message, but stops after a failed one, so nothing arrives out
 * of context. In one process two sends of one key never overlap (`claim`), whoever calls; across
 * processes the look-up and the record are two steps of the ledger, so "never twice" rests on
 * one key being sent by one instance at a time (the inbox's lease on the message it answers; an
 * out-of-turn send from the instance that caused it).
 */
export async function sendInOrder<M, F>(options: SendInOrderOptions<M, F>): Promise<InOrderReport<F>> {
  const { ledger, logger, now, label } = options;
  const logKey = options.logKey ?? ((key: string) => key);
  const iso = () => new Date(now()).toISOString();
  let sent = 0;
  let alreadySent = 0;
  for (const { key, message } of options.messages) {
    const release = await claim(ledger, key);
    try {
      const step = await sendOne(key, message);
      if (step) return step;
    } finally {
      release();
    }
  }
  return { outcome: 'replied', sent, alreadySent };

  /** One message under its key (claimed): the turn's report when it stops the turn. */
  async function sendOne(key: string, message: M): Promise<InOrderReport<F> | undefined> {
    const existing = await ledger.getOutbound(key);
    if (existing && existing.state !== 'failed' && !(await options.unfinished?.(message, key, existing))) {
      alreadySent += 1;
      return undefined;
    }
    const retention = (options.retentionHours ?? 7 * 24) * 3_600_000;
    const record: Omit<OutboundRecord, 'state' | 'attempts'> = { key, conversationKey: options.conversationKey, updatedAt: iso(), expiresAt: new Date(now() + retention).toISOString() };
    let ahead: Promise<void> | undefined;
    const atWire = () => (ahead ??= ledger.putOutbound({ ...record, state: 'uncertain', attempts: 0, error: 'sending: no answer recorded yet' }));
    if (!options.recordsAtWire) await atWire();
    const result = await options.send(message, key, atWire);
    switch (result.kind) {
      case 'sent':
        await ledger.putOutbound({ ...record, state: 'sent', ...(result.platformId !== undefined ? { platformId: result.platformId } : {}), attempts: result.attempts, updatedAt: iso() });
        sent += 1;
        break;
      case 'uncertain':
        await ledger.putOutbound({ ...record, state: 'uncertain', attempts: result.attempts, error: result.error, updatedAt: iso() });
        logger.warn({ key: logKey(key), error: result.error }, `${label} send timed out: not re-sent${options.uncertainNote ?? ''}`);
        break;
      case 'failed':
        await ledger.putOutbound({ ...record, state: 'failed', attempts: result.attempts, error: result.error, updatedAt: iso() });
        logger.error({ key: logKey(key), ...result.log, error: result.error }, `${label} send failed: the rest of the turn is not sent`);
        return { outcome: 'failed', sent, alreadySent, failure: result.failure };
    }
    return undefined;
  }
}

/** Keys being sent now in this process, per ledger: the check-then-send of one key never runs twice at once. */
const sending = new WeakMap<MessagingLedger, Map<string, Promise<void>>>();

/**
 * Waits until no other send of `key` is under way in this process, then holds the key until
 * `release` is called. The ledger look-up and the send are two steps: two sends of one key at
 * once (callers outside one conversation's queue) would both find nothing recorded and both
 * send. The second now finds what the first recorded.
 */
async function claim(ledger: MessagingLedger, key: string): Promise<() => void> {
  let keys = sending.get(ledger);
  if (!keys) sending.set(ledger, (keys = new Map()));
  for (let busy = keys.get(key); busy; busy = keys.get(key)) await busy;
  let release!: () => void;
  keys.set(key, new Promise<void>((resolve) => (release = resolve)));
  return () => {
    keys.delete(key);
    release();
  };
}
