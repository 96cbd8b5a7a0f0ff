import { isNewerStatus, type DeliveryReport, type MessagingLedger, type OutboundRecord } from './ledger.ts';

interface Expiring<T> {
  value: T;
  expiresAt: number;
}

/**
 * The ledger in this process's memory: what tests and a single demo process use. Entries expire;
 * a periodic sweep keeps the maps bounded (`maxEntries` per map as a hard cap, oldest first).
 */
export class MemoryLedger implements MessagingLedger {
  private readonly inbound = new Map<string, number>();
  private readonly conversations = new Map<string, Expiring<string>>();
  private readonly outbound = new Map<string, OutboundRecord>();
  private readonly statuses = new Map<string, DeliveryReport>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly maxEntries = 200_000,
  ) {}

  async claimInbound(messageId: string, expiresAt: string): Promise<boolean> {
    const seen = this.inbound.get(messageId);
    if (seen !== undefined && seen > this.now()) return false;
    this.bounded(this.inbound).set(messageId, Date.parse(expiresAt));
    return true;
  }

  async touchConversation(conversationKey: string, at: string, expiresAt: string): Promise<string | null> {
    const previous = this.live(this.conversations.get(conversationKey));
    // A late re-delivery must not move the last time back.
    const latest = previous !== null && previous > at ? previous : at;
    this.conversations.delete(conversationKey);
    this.bounded(this.conversations).set(conversationKey, { value: latest, expiresAt: Date.parse(expiresAt) });
    return previous;
  }

  async lastInbound(conversationKey: string): Promise<string | null> {
    return this.live(this.conversations.get(conversationKey));
  }

  async getOutbound(key: string): Promise<OutboundRecord | null> {
    const record = this.outbound.get(key);
    return record && Date.parse(record.expiresAt) > this.now() ? { ...record } : null;
  }

  async putOutbound(record: OutboundRecord): Promise<void> {
    this.bounded(this.outbound).set(record.key, { ...record });
  }

  async recordStatus(report: DeliveryReport): Promise<DeliveryReport> {
    const current = this.statuses.get(report.messageId) ?? null;
    if (!isNewerStatus(current, report)) return current as DeliveryReport;
    this.bounded(this.statuses).set(report.messageId, { ...report });
    return report;
  }

  async getStatus(messageId: string): Promise<DeliveryReport | null> {
    return this.statuses.get(messageId) ?? null;
  }

  private live(entry: Expiring<string> | undefined): string | null {
    return entry && entry.expiresAt > this.now() ? entry.value : null;
  }

  /** Drops the oldest entries of a map that reached the cap (Maps iterate in insertion order). */
  private bounded<K, V>(map: Map<K, V>): Map<K, V> {
    if (map.size >= this.maxEntries) {
      let drop = Math.ceil(this.maxEntries / 10);
      for (const key of map.keys()) {
        if (drop-- <= 0) break;
        map.delete(key);
      }
    }
    return map;
  }
}
