import type { JsonValue } from '@griot/flows';
import {
  isNewerStatus,
  type DeliveryReport,
  type InboundLease,
  type InboundOutcome,
  type InboundRecord,
  type InboundState,
  type MessagingLedger,
  type NewInbound,
  type OutboundRecord,
} from './ledger.ts';

interface Expiring<T> {
  value: T;
  expiresAt: number;
}

/**
 * The ledger in this process's memory: connector tests and the benchmark's engine-free runs.
 * Nothing survives the process, so it is never what a server uses. Settled and expiring entries
 * go once expired; `maxEntries` per map caps them (oldest first; messages waiting for recovery are kept).
 */
export class MemoryLedger implements MessagingLedger {
  private readonly inbound = new Map<string, InboundRecord>();
  private readonly conversations = new Map<string, Expiring<string>>();
  private readonly outbound = new Map<string, OutboundRecord>();
  private readonly statuses = new Map<string, DeliveryReport>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly maxEntries = 200_000,
  ) {}

  async recordInbound(messages: NewInbound[]): Promise<boolean[]> {
    return messages.map((m) => {
      const existing = this.inbound.get(m.id);
      if (existing && !this.expired(existing.expiresAt)) return false;
      this.bounded(this.inbound, (r) => r.payload === undefined).set(m.id, {
        id: m.id,
        channel: m.channel,
        conversationKey: m.conversationKey,
        state: 'received',
        attempts: 0,
        receivedAt: m.receivedAt,
        updatedAt: m.receivedAt,
        ...(m.payload !== null ? { payload: structuredClone(m.payload) } : {}),
        ...(m.lease ? { lease: { ...m.lease } } : {}),
        ...(m.expiresAt ? { expiresAt: m.expiresAt } : {}),
      });
      return true;
    });
  }

  async takeInbound(id: string, lease: InboundLease, now: string): Promise<InboundRecord | null> {
    const record = this.inbound.get(id);
    if (record?.state !== 'received') return null;
    if (record.lease && record.lease.until > now && record.lease.owner !== lease.owner) return null;
    record.attempts += 1;
    record.lease = { ...lease };
    record.updatedAt = now;
    return structuredClone(record);
  }

  async holdInbound(id: string, lease: InboundLease, update: { progress?: JsonValue; error?: string } = {}): Promise<boolean> {
    const record = this.held(id, lease.owner);
    if (!record) return false;
    record.lease = { ...lease };
    if (update.progress !== undefined) record.progress = structuredClone(update.progress);
    if (update.error !== undefined) record.lastError = update.error;
    return true;
  }

  async renewLeases(owner: string, ids: string[], until: string): Promise<number> {
    let count = 0;
    for (const id of ids) {
      const record = this.held(id, owner);
      if (record?.lease) {
        record.lease.until = until;
        count += 1;
      }
    }
    return count;
  }

  async settleInbound(id: string, owner: string, outcome: InboundOutcome): Promise<boolean> {
    const record = this.held(id, owner);
    if (!record) return false;
    const { payload: _payload, progress: _progress, lease: _lease, ...rest } = record;
    this.inbound.set(id, {
      ...rest,
      state: outcome.state,
      updatedAt: outcome.at,
      expiresAt: outcome.expiresAt,
      ...(outcome.error !== undefined ? { lastError: outcome.error } : {}),
    });
    return true;
  }

  async dueInbound(now: string, limit: number): Promise<InboundRecord[]> {
    return [...this.inbound.values()]
      .filter((r) => r.state === 'received' && r.payload !== undefined && (!r.lease || r.lease.until <= now))
      .sort((a, b) => a.receivedAt.localeCompare(b.receivedAt))
      .slice(0, limit)
      .map((r) => structuredClone(r));
  }

  async listInbound(filter: { states: InboundState[]; limit: number }): Promise<InboundRecord[]> {
    return [...this.inbound.values()]
      .filter((r) => filter.states.includes(r.state))
      .sort((a, b) => b.receivedAt.localeCompare(a.receivedAt))
      .slice(0, filter.limit)
      .map(({ payload: _payload, progress: _progress, ...r }) => structuredClone(r));
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
    return record && !this.expired(record.expiresAt) ? { ...record } : null;
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

  async purgeExpired(now: string): Promise<number> {
    let count = 0;
    const at = Date.parse(now);
    for (const [id, record] of this.inbound) if (record.expiresAt && Date.parse(record.expiresAt) <= at && this.inbound.delete(id)) count += 1;
    for (const [key, entry] of this.conversations) if (entry.expiresAt <= at && this.conversations.delete(key)) count += 1;
    for (const [key, record] of this.outbound) if (Date.parse(record.expiresAt) <= at && this.outbound.delete(key)) count += 1;
    return count;
  }

  private held(id: string, owner: string): InboundRecord | undefined {
    const record = this.inbound.get(id);
    return record && record.state === 'received' && record.lease?.owner === owner ? record : undefined;
  }

  private expired(expiresAt: string | undefined): boolean {
    return expiresAt !== undefined && Date.parse(expiresAt) <= this.now();
  }

  private live(entry: Expiring<string> | undefined): string | null {
    return entry && entry.expiresAt > this.now() ? entry.value : null;
  }

  /** Drops the oldest droppable entries of a map that reached the cap (Maps iterate in insertion order). */
  private bounded<K, V>(map: Map<K, V>, droppable: (value: V) => boolean = () => true): Map<K, V> {
    if (map.size >= this.maxEntries) {
      let drop = Math.ceil(this.maxEntries / 10);
      for (const [key, value] of map) {
        if (drop <= 0) break;
        if (!droppable(value)) continue;
        map.delete(key);
        drop -= 1;
      }
    }
    return map;
  }
}
