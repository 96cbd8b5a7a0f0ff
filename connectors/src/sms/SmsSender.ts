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
 * A key found sent, or perhaps sent (`uncertain`: a part had left Griot when the process
 * stopped), is skipped; the key is recorded `uncertain` as soon as its first part is on the
 * wire, then `sent` with the SMSC's message id once every part was accepted. Each part's SMSC id
 * is recorded with its key, so delivery receipts find the reply they are about.
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
      const existing = await ledger.getOutbound(key);
      if (existing && existing.state !== 'failed') {
        report.alreadySent += 1;
        continue;
      }
      const record = this.record(key, batch.conversationKey);
      const pdus = toSubmitSms(text, { source: { addr: batch.shortCode, ...this.options.source }, to: batch.to, registeredDelivery: this.options.deliveryReceipts }, key);
      let underway: Promise<void> | undefined;
      const onWire = () => {
        underway ??= ledger.putOutbound({ ...record, state: 'uncertain', attempts: 1, error: 'submitted: no answer recorded yet' });
      };
      let ids: string[];
      try {
        // Every part at once: the link keeps them within the SMSC's window, and the handset orders them.
        ids = await Promise.all(pdus.map((fields) => link.submit(fields, onWire)));
      } catch (error) {
        await underway?.catch(() => undefined);
        const sent = error instanceof SubmitError && error.sent;
        const status = error instanceof SubmitError ? error.status : undefined;
        // Refused by the SMSC (answered): certainly not sent; otherwise it may have gone: never sent again.
        await ledger.putOutbound({ ...record, state: status !== undefined || !sent ? 'failed' : 'uncertain', attempts: 1, error: describe(error), updatedAt: this.iso() });
        throw error;
      }
      await underway?.catch((error: unknown) => this.logger.warn({ key, error: describe(error) }, 'recording a submit under way failed'));
      const at = this.iso();
      await ledger.putOutbound({ ...record, state: 'sent', platformId: ids[0] ?? '', attempts: 1, updatedAt: at });
      if (this.options.deliveryReceipts) {
        for (const id of ids) if (id !== '') await ledger.recordStatus({ messageId: smsStatusId(id), status: 'sent', at, outboundKey: key });
      }
      report.sent += 1;
      report.parts += pdus.length;
    }
    return report;
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
