import type { JsonValue } from '@griot/flows';
import type { ExpiringKeyValue } from './ExpiringKeyValue.ts';
import { KeyedQueue } from './KeyedQueue.ts';
import { isNewerStatus, type DeliveryReport, type MessagingLedger, type OutboundRecord } from './ledger.ts';

/** How long a delivery report is kept. */
const STATUS_KEPT_MS = 7 * 24 * 3_600_000;

/**
 * The messaging ledger over any `ExpiringKeyValue` (an SQLite file, a Mongo collection…), so
 * dedupe marks, last-message times, outbound keys and delivery reports outlive the process.
 * Inbound claims are atomic in the store; read-then-write updates of one key are serialized in
 * this process (a subscriber's messages are processed in order anyway).
 */
export class KeyValueLedger implements MessagingLedger {
  private readonly serial = new KeyedQueue(Number.MAX_SAFE_INTEGER);

  constructor(
    private readonly kv: ExpiringKeyValue,
    private readonly now: () => number = Date.now,
  ) {}

  claimInbound(messageId: string, expiresAt: string): Promise<boolean> {
    return this.kv.insertIfAbsent(`in:${messageId}`, 1, expiresAt);
  }

  touchConversation(conversationKey: string, at: string, expiresAt: string): Promise<string | null> {
    return this.serially(`conv:${conversationKey}`, async () => {
      const previous = (await this.kv.get(`conv:${conversationKey}`)) as string | null;
      const latest = previous !== null && previous > at ? previous : at;
      await this.kv.put(`conv:${conversationKey}`, latest, expiresAt);
      return previous;
    });
  }

  async lastInbound(conversationKey: string): Promise<string | null> {
    return (await this.kv.get(`conv:${conversationKey}`)) as string | null;
  }

  async getOutbound(key: string): Promise<OutboundRecord | null> {
    return (await this.kv.get(`out:${key}`)) as OutboundRecord | null;
  }

  putOutbound(record: OutboundRecord): Promise<void> {
    return this.kv.put(`out:${record.key}`, record as unknown as JsonValue, record.expiresAt);
  }

  recordStatus(report: DeliveryReport): Promise<DeliveryReport> {
    return this.serially(`st:${report.messageId}`, async () => {
      const current = (await this.kv.get(`st:${report.messageId}`)) as DeliveryReport | null;
      if (!isNewerStatus(current, report)) return current as DeliveryReport;
      await this.kv.put(`st:${report.messageId}`, report as unknown as JsonValue, new Date(this.now() + STATUS_KEPT_MS).toISOString());
      return report;
    });
  }

  async getStatus(messageId: string): Promise<DeliveryReport | null> {
    return (await this.kv.get(`st:${messageId}`)) as DeliveryReport | null;
  }

  close(): Promise<void> {
    return this.kv.close();
  }

  private serially<T>(key: string, task: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.serial.tryRun(key, () => task().then(resolve, reject));
    });
  }
}
