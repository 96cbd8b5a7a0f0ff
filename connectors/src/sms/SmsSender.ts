import type { MessagingLedger, OutboundRecord } from '../messaging/ledger.ts';
import { silentLogger, type ChannelLogger } from '../channel/ChannelLogger.ts';
import { logKeyOf } from '../channel/logDigest.ts';
import { sendInOrder, type SendOutcome } from '../messaging/sendInOrder.ts';
import { SubmitError, type SmppLink } from './SmppLink.ts';
import { toSubmitSms } from './toSubmitSms.ts';
import { receiptOnReply, type PartReceipt } from './receiptOnReply.ts';

export interface SmsBatch {
  /** The short code the subscriber wrote to: replies come from it. */
  shortCode: string;
  to: string;
  conversationKey: string;
  /** What caused these texts (the inbound message's id, an agent's reply): the idempotency keys derive from it. */
  causeId: string;
  texts: string[];
  /** How long each part may wait for the link to take it (`SubmitHooks.waitMs`); unset: as long as it takes. */
  waitMs?: number;
}

export interface SmsSendReport {
  sent: number;
  alreadySent: number;
  /** SMS parts submitted. */
  parts: number;
}

export interface SmsSenderOptions {
  link: SmppLink;
  ledger: MessagingLedger;
  source: { ton: number; npi: number };
  deliveryReceipts: boolean;
  now?: () => number;
  logger?: ChannelLogger;
  /** How long outbound keys (and the SMSC ids receipts are matched with) are remembered. */
  retentionHours?: number;
}

/** One reply as it goes: its PDUs (one, or the parts of a concatenated SMS) and their keys. */
interface Reply {
  pdus: Record<string, unknown>[];
  /** The reply's key for a single SMS; `<key>#<place>/<count>` for each part of a concatenated one. */
  partKeys: string[];
}

/**
 * Sends a turn's texts in order, each (all its parts) under an idempotency key
 * `<cause>:<index>`, so a turn processed again after a crash or a retry does not send twice: the
 * messaging channels' in-order sender (`sendInOrder`), with what SMPP adds.
 *
 * Records are written ahead, at the wire: before a part leaves Griot, the reply's record (and,
 * for a concatenated SMS, the part's own record `<key>#<place>/<count>`) says `uncertain` ("may
 * have gone"), and the part goes only once that is committed — when the link lets it out (its
 * window of outstanding PDUs, a reconnection, may hold it a while), not before; once the SMSC
 * accepted every part the reply is `sent`, with the SMSC's message id. So a process killed while
 * replies are with the SMSC leaves a record of every part that may have gone, and the next
 * process sends only what certainly did not: a single SMS found `sent` or `uncertain` is
 * skipped; of a concatenated one, the parts without a record (or `failed`) go, with the same
 * reference, so the handset still joins them. The price: a part recorded but not yet on the wire
 * when the process died (the microseconds between the commit and the socket write) is never
 * sent. Each part's SMSC id is recorded with the reply's key, so delivery receipts find the reply
 * they are about.
 *
 * A part the SMSC answered no to (refused), or that never left (the link went down first), stops
 * the turn and is thrown, so the message is processed again later (a refusal is given up on by
 * the channel); a part that left without an answer is `uncertain`, never sent again, and the rest
 * of the turn goes on.
 */
export class SmsSender {
  private readonly now: () => number;
  private readonly logger: ChannelLogger;

  constructor(private readonly options: SmsSenderOptions) {
    this.now = options.now ?? Date.now;
    this.logger = options.logger ?? silentLogger;
  }

  async send(batch: SmsBatch): Promise<SmsSendReport> {
    const { ledger, link } = this.options;
    let parts = 0;
    // Receipts the SMSC sent before the parts they are about were recorded as sent (its answer and its receipt close together).
    const receiptsFirst: { key: string; receipt: PartReceipt }[] = [];
    const replies = batch.texts.map((text, index) => {
      const key = `${batch.causeId}:${index}`;
      const pdus = toSubmitSms(text, { source: { addr: batch.shortCode, ...this.options.source }, to: batch.to, registeredDelivery: this.options.deliveryReceipts }, key) as Record<string, unknown>[];
      const message: Reply = { pdus, partKeys: pdus.map((_, i) => (pdus.length === 1 ? key : `${key}#${i + 1}/${pdus.length}`)) };
      return { key, message };
    });
    const report = await sendInOrder<Reply, unknown>({
      ledger,
      logger: this.logger,
      now: this.now,
      retentionHours: this.options.retentionHours,
      conversationKey: batch.conversationKey,
      messages: replies,
      recordsAtWire: true,
      // A concatenated SMS an earlier try began: its parts without a record still go.
      unfinished: async (reply, key, existing) => existing.state !== 'sent' && reply.partKeys.length > 1 && (await this.partsToGo(key, reply.partKeys)).length > 0,
      send: async (reply, key, atWire): Promise<SendOutcome<unknown>> => {
        const toGo = await this.partsToGo(key, reply.partKeys);
        const partRecord = (part: number) => this.record(reply.partKeys[part] as string, batch.conversationKey);
        const beforeWire = (part: number) => () => {
          if (reply.partKeys[part] === key) return atWire();
          return Promise.all([atWire(), ledger.putOutbound({ ...partRecord(part), state: 'uncertain', attempts: 1, error: 'submitted: no answer recorded yet' })]).then(() => undefined);
        };
        // Every part at once: the link keeps them within the SMSC's window, and the handset orders them.
        const outcomes = await Promise.allSettled(
          toGo.map((part) => link.submit(reply.pdus[part] as Record<string, unknown>, { beforeWire: beforeWire(part), ...(batch.waitMs !== undefined ? { waitMs: batch.waitMs } : {}) })),
        );
        const at = this.iso();
        const ids: string[] = [];
        let refused: SubmitError | undefined;
        let notSent: unknown;
        let noAnswer: unknown;
        for (const [i, outcome] of outcomes.entries()) {
          const part = toGo[i] as number;
          const single = reply.partKeys[part] === key;
          if (outcome.status === 'fulfilled') {
            ids.push(outcome.value);
            if (!single) await ledger.putOutbound({ ...partRecord(part), state: 'sent', platformId: outcome.value, attempts: 1 });
            continue;
          }
          const error = outcome.reason;
          // Answered no by the SMSC, or never written to it: certainly not sent. Written and unanswered: it may have gone, never sent again.
          const mayHaveGone = error instanceof SubmitError && error.status === undefined && error.sent;
          if (error instanceof SubmitError && error.status !== undefined) refused ??= error;
          else if (mayHaveGone) noAnswer ??= error;
          else notSent ??= error;
          if (!single) await ledger.putOutbound({ ...partRecord(part), state: mayHaveGone ? 'uncertain' : 'failed', attempts: 1, error: describe(error), updatedAt: at });
        }
        const failure = refused ?? notSent;
        // Of a concatenated SMS, the parts' own records say what goes again when the message is processed anew.
        if (failure !== undefined) return { kind: 'failed', attempts: 1, error: describe(failure), failure, log: { parts: toGo.length } };
        if (noAnswer !== undefined) return { kind: 'uncertain', attempts: 1, error: describe(noAnswer) };
        if (this.options.deliveryReceipts) {
          for (const id of ids) {
            if (id === '') continue;
            const kept = await ledger.recordStatus({ messageId: smsStatusId(id), status: 'sent', at, outboundKey: key });
            if (kept.outboundKey !== undefined) continue;
            // Its receipt came first, not knowing the reply: the reply is named on it now, and the receipt applied once the reply is recorded.
            await ledger.recordStatus({ ...kept, outboundKey: key });
            const error = kept.errors?.[0];
            const receipt = { status: kept.status, stat: error?.title ?? kept.status, messageId: id };
            receiptsFirst.push({ key, receipt: error?.code !== undefined ? { ...receipt, error: String(error.code).padStart(3, '0') } : receipt });
          }
        }
        parts += toGo.length;
        return { kind: 'sent', platformId: ids[0] ?? '', attempts: 1 };
      },
      label: 'SMS',
      // A reply's key begins with the subscriber's SMS's (`1919:<their number>:…`): logs show its digest.
      logKey: logKeyOf,
    });
    for (const { key, receipt } of receiptsFirst) await receiptOnReply({ ledger, logger: this.logger }, key, receipt, this.iso());
    if (report.outcome === 'failed') throw report.failure;
    return { sent: report.sent, alreadySent: report.alreadySent, parts };
  }

  /** The places of the parts still to send: none once the reply is `sent`; of a concatenated SMS an earlier try began, those without a record that they may have gone. */
  private async partsToGo(key: string, partKeys: string[]): Promise<number[]> {
    const { ledger } = this.options;
    const all = partKeys.map((_, i) => i);
    const reply = await ledger.getOutbound(key);
    if (!reply) return all;
    if (reply.state === 'sent') return [];
    if (partKeys.length === 1) return reply.state === 'failed' ? all : [];
    const toGo: number[] = [];
    for (const [i, partKey] of partKeys.entries()) {
      const part = await ledger.getOutbound(partKey);
      if (!part || part.state === 'failed') toGo.push(i);
    }
    return toGo;
  }

  private record(key: string, conversationKey: string): Omit<OutboundRecord, 'state' | 'attempts'> {
    const retention = (this.options.retentionHours ?? 7 * 24) * 3_600_000;
    return { key, conversationKey, updatedAt: this.iso(), expiresAt: new Date(this.now() + retention).toISOString() };
  }

  private iso(): string {
    return new Date(this.now()).toISOString();
  }
}

/** The ledger's id of an SMSC message id (statuses are shared with other channels: prefixed). */
export function smsStatusId(smscMessageId: string): string {
  return `sms:${smscMessageId}`;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
