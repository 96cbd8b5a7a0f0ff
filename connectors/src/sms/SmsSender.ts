import type { MessagingLedger, OutboundRecord } from '../messaging/ledger.ts';
import { silentLogger, type ChannelLogger } from '../channel/ChannelLogger.ts';
import { SubmitError, type SmppLink } from './SmppLink.ts';
import { toSubmitSms } from './toSubmitSms.ts';

export interface SmsBatch {
  /** The short code the subscriber wrote to: replies come from it. */
  shortCode: string;
  to: string;
  conversationKey: string;
  /** What caused these texts (the inbound message's id, an agent's reply): the idempotency keys derive from it. */
  causeId: string;
  texts: string[];
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

/**
 * Sends a turn's texts in order, each (all its parts) under an idempotency key
 * `<cause>:<index>`, so a turn processed again after a crash or a retry does not send twice.
 *
 * Records are written ahead: before a part leaves Griot, the reply's record (and, for a
 * concatenated SMS, the part's own record `<key>#<place>/<count>`) says `uncertain` ("may have
 * gone"), and the part goes only once that is committed; once the SMSC accepted every part the
 * reply is `sent`, with the SMSC's message id. So a process killed while replies are with the
 * SMSC leaves a record of every part that may have gone, and the next process sends only what
 * certainly did not: a single SMS found `sent` or `uncertain` is skipped; of a concatenated one,
 * the parts without a record (or `failed`) go, with the same reference, so the handset still
 * joins them. The price: a part recorded but not yet on the wire when the process died (the
 * microseconds between the commit and the socket write) is never sent. Each part's SMSC id is
 * recorded with the reply's key, so delivery receipts find the reply they are about.
 */
export class SmsSender {
  private readonly now: () => number;
  private readonly logger: ChannelLogger;

  constructor(private readonly options: SmsSenderOptions) {
    this.now = options.now ?? Date.now;
    this.logger = options.logger ?? silentLogger;
  }

  async send(batch: SmsBatch): Promise<SmsSendReport> {
    const report: SmsSendReport = { sent: 0, alreadySent: 0, parts: 0 };
    const { ledger, link } = this.options;
    for (const [index, text] of batch.texts.entries()) {
      const key = `${batch.causeId}:${index}`;
      const pdus = toSubmitSms(text, { source: { addr: batch.shortCode, ...this.options.source }, to: batch.to, registeredDelivery: this.options.deliveryReceipts }, key);
      const partKeys = pdus.map((_, i) => (pdus.length === 1 ? key : `${key}#${i + 1}/${pdus.length}`));
      const toGo = await this.partsToGo(key, partKeys);
      if (toGo.length === 0) {
        report.alreadySent += 1;
        continue;
      }
      const record = this.record(key, batch.conversationKey);
      let replyAhead: Promise<void> | undefined;
      const beforeWire = (part: number) => () => {
        replyAhead ??= ledger.putOutbound({ ...record, state: 'uncertain', attempts: 1, error: 'submitted: no answer recorded yet', updatedAt: this.iso() });
        const partKey = partKeys[part] as string;
        if (partKey === key) return replyAhead;
        return Promise.all([replyAhead, ledger.putOutbound({ ...this.record(partKey, batch.conversationKey), state: 'uncertain', attempts: 1, error: 'submitted: no answer recorded yet' })]);
      };
      // Every part at once: the link keeps them within the SMSC's window, and the handset orders them.
      const outcomes = await Promise.allSettled(toGo.map((part) => link.submit(pdus[part] as Record<string, unknown>, { beforeWire: beforeWire(part) })));
      const at = this.iso();
      const ids: string[] = [];
      let failure: unknown;
      let mayHaveGone = false;
      for (const [i, outcome] of outcomes.entries()) {
        const part = toGo[i] as number;
        const partKey = partKeys[part] as string;
        if (outcome.status === 'fulfilled') {
          ids.push(outcome.value);
          mayHaveGone = true;
          if (partKey !== key) await ledger.putOutbound({ ...this.record(partKey, batch.conversationKey), state: 'sent', platformId: outcome.value, attempts: 1 });
          continue;
        }
        const error = outcome.reason;
        const refused = error instanceof SubmitError && error.status !== undefined;
        const sent = error instanceof SubmitError && error.sent;
        // Refused by the SMSC (answered): certainly not sent; otherwise it may have gone: never sent again.
        const state = refused || !sent ? 'failed' : 'uncertain';
        if (state === 'uncertain') mayHaveGone = true;
        if (failure === undefined || refused) failure = error;
        if (partKey !== key) await ledger.putOutbound({ ...this.record(partKey, batch.conversationKey), state, attempts: 1, error: describe(error), updatedAt: at });
      }
      if (failure !== undefined) {
        const refused = failure instanceof SubmitError && failure.status !== undefined;
        // Of a concatenated SMS, the parts' own records say what goes again; the reply's says whether any part may have gone.
        await ledger.putOutbound({ ...record, state: refused || !mayHaveGone ? 'failed' : 'uncertain', attempts: 1, error: describe(failure), updatedAt: at });
        throw failure;
      }
      await ledger.putOutbound({ ...record, state: 'sent', platformId: ids[0] ?? '', attempts: 1, updatedAt: at });
      if (this.options.deliveryReceipts) {
        for (const id of ids) if (id !== '') await ledger.recordStatus({ messageId: smsStatusId(id), status: 'sent', at, outboundKey: key });
      }
      report.sent += 1;
      report.parts += toGo.length;
    }
    return report;
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
