import { createHash } from 'node:crypto';
import type { JsonValue, Reply } from '@griot/flows';
import type { ChannelStates } from '../channel/ChannelStates.ts';

/**
 * What a conversation's page is sent: `turn` answers one of the visitor's messages (kept so a
 * retry of that message gets the same replies), `push` comes outside their request (an agent's
 * words, the bot's turn after an agent hands back, a goodbye), read by the page's long poll.
 */
export interface OutboxEntry {
  /** What the page sees: a digest of the send key (which names the contact and the agent's message id). */
  id: string;
  /** Increasing within the conversation: the page asks for what comes after the last it has. */
  seq: number;
  kind: 'turn' | 'push';
  at: string;
  replies: Reply[];
  /** A turn that ended the conversation (a retry of its message is told so too). */
  ended?: boolean;
  /** The send key (`agent:<contact>:<message>`, `release:<session>:<turn>`, `turn:<message id>`): written once. */
  key: string;
  /**
   * The replies as sent are not kept with the entry: they held a sensitive value (a PUK code, a
   * balance) or an agent's words. `replies` is what may outlive the contact (sensitive values
   * masked as transcripts mask them); the replies as sent are in the conversation's live part
   * while the contact lives (`liveMinutes`), and are what the page is given meanwhile.
   */
  live?: true;
  /**
   * Written by this version (the live part exists): what `replies` holds is what may be kept, so
   * the start-up pass that masks outboxes an older version wrote leaves the entry as it is.
   */
  v?: 2;
}

interface OutboxValue {
  next: number;
  entries: OutboxEntry[];
  /** A live part was written (its entries may since have left `entries`): the conversation's end drops it. */
  live?: true;
}

/** The live part: the replies as sent of the entries marked `live`, by send key, oldest first. */
interface LiveValue {
  replies: Array<{ key: string; replies: Reply[] }>;
}

export interface WebchatOutboxOptions {
  states: ChannelStates;
  now?: () => number;
  /** Pushed entries (agents' words…) kept per conversation, the oldest dropped first. */
  maxEntries?: number;
  /** Turn entries kept per conversation (only a message's immediate retry reads them). */
  maxTurns?: number;
  /** How long a conversation's entries are kept after the last one written (hours). */
  keepHours?: number;
  /**
   * How long the replies as sent of `live` entries (sensitive values, agents' words) are kept
   * after the last such entry was written (minutes): the contact's inactivity timeout, past
   * which the contact is over. A turn that ends the conversation drops them at once.
   */
  liveMinutes?: number;
}

/** How many times a write is tried again when another instance wrote the conversation first. */
const WRITE_ATTEMPTS = 8;

/**
 * The web chat's replies as the visitor's page reads them, per conversation, in the Store's
 * channel states (shared by every instance, sealed under GRIOT_DATA_KEY, gone after `keepHours`):
 * durable while the page is closed, bounded (the last 50 pushed entries and 5 turns), written once
 * per key. What must not outlive the contact (a rendered PUK code or balance, an agent's words) is
 * kept apart, in the conversation's live part (`webchat:live:<conversation>`), which goes with the
 * turn that ends the conversation, or `liveMinutes` after it was last written; the entry keeps
 * only its masked form.
 */
export class WebchatOutbox {
  private readonly now: () => number;
  private readonly maxEntries: number;
  private readonly maxTurns: number;
  private readonly keepMs: number;
  private readonly liveMs: number;
  private readonly listeners = new Set<(conversation: string) => void>();

  constructor(private readonly options: WebchatOutboxOptions) {
    this.now = options.now ?? Date.now;
    this.maxEntries = options.maxEntries ?? 50;
    this.maxTurns = options.maxTurns ?? 5;
    this.keepMs = (options.keepHours ?? 24) * 3_600_000;
    this.liveMs = (options.liveMinutes ?? 30) * 60_000;
  }

  /** Called on this instance when a conversation got an entry (the long polls waiting here wake up). */
  onAppend(listener: (conversation: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Adds the replies under `key` unless that key is already there (a retry, the recovery pass):
   * resolves with the entry stored, once durable. `kept`, when given, is what may be kept of them
   * once the contact is over (sensitive values masked; an agent's words withheld): `replies` then
   * go to the live part only, and not at all with a turn that ends the conversation (`ended`),
   * which drops the live part.
   */
  async append(conversation: string, key: string, kind: OutboxEntry['kind'], replies: Reply[], ended = false, kept?: Reply[]): Promise<OutboxEntry> {
    const live = kept !== undefined && !ended;
    if (live) await this.keepLive(conversation, key, replies);
    const stateKey = keyOf(conversation);
    for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt += 1) {
      const current = await this.options.states.get(stateKey);
      const value = readValue(current?.value);
      const existing = value.entries.find((e) => e.key === key);
      if (existing) return existing;
      const entry: OutboxEntry = {
        id: publicIdOf(conversation, key),
        seq: value.next,
        kind,
        at: new Date(this.now()).toISOString(),
        replies: kept ?? replies,
        key,
        ...(ended ? { ended } : {}),
        ...(live ? { live: true as const } : {}),
        v: 2,
      };
      const next: OutboxValue = { next: value.next + 1, entries: this.bounded([...value.entries, entry]), ...(live || (value.live && !ended) ? { live: true as const } : {}) };
      if (await this.options.states.put(stateKey, next as unknown as JsonValue, current?.revision ?? 0, new Date(this.now() + this.keepMs).toISOString())) {
        // The conversation is over: nothing it was told stays in clear past it (no write when nothing was).
        if (ended && value.live) await this.contactOver(conversation);
        for (const listener of this.listeners) listener(conversation);
        return live ? { ...entry, replies } : entry;
      }
    }
    throw new Error('the web chat outbox is written by too many at once: try again');
  }

  /** Writes the replies as sent in the live part (its expiry moved `liveMinutes` on), before the entry that names them. */
  private async keepLive(conversation: string, key: string, replies: Reply[]): Promise<void> {
    const stateKey = liveKeyOf(conversation);
    for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt += 1) {
      const current = await this.options.states.get(stateKey);
      const value = readLive(current?.value);
      const others = value.replies.filter((r) => r.key !== key);
      const next: LiveValue = { replies: [...others, { key, replies }].slice(-(this.maxEntries + this.maxTurns)) };
      if (await this.options.states.put(stateKey, next as unknown as JsonValue, current?.revision ?? 0, new Date(this.now() + this.liveMs).toISOString())) return;
    }
    throw new Error('the web chat outbox is written by too many at once: try again');
  }

  /** The entries with their replies as sent while the live part has them (the contact lives), else as kept. */
  private async withLive(conversation: string, entries: OutboxEntry[]): Promise<OutboxEntry[]> {
    if (!entries.some((e) => e.live)) return entries;
    const live = readLive((await this.options.states.get(liveKeyOf(conversation)))?.value);
    const sent = new Map(live.replies.map((r) => [r.key, r.replies]));
    return entries.map((e) => {
      const replies = e.live ? sent.get(e.key) : undefined;
      return replies ? { ...e, replies } : e;
    });
  }

  /** The last `maxEntries` pushed and `maxTurns` turn entries, in order: the whole value is rewritten on each append. */
  private bounded(entries: OutboxEntry[]): OutboxEntry[] {
    const pushes = entries.filter((e) => e.kind === 'push').slice(-this.maxEntries);
    const turns = entries.filter((e) => e.kind === 'turn').slice(-this.maxTurns);
    const kept = new Set([...pushes, ...turns]);
    return entries.filter((e) => kept.has(e));
  }

  /** The conversation's contact is over: the replies as sent of its `live` entries go (their masked form stays). */
  async contactOver(conversation: string): Promise<void> {
    await this.options.states.delete(liveKeyOf(conversation));
  }

  /** The entry stored under `key`, if any (the replies a retried message already got). */
  async find(conversation: string, key: string): Promise<OutboxEntry | null> {
    const current = await this.options.states.get(keyOf(conversation));
    const found = readValue(current?.value).entries.find((e) => e.key === key);
    return found ? ((await this.withLive(conversation, [found]))[0] ?? found) : null;
  }

  /** What was pushed after `seq`, oldest first, and the last seq written; null when the conversation has no outbox. */
  async after(conversation: string, seq: number): Promise<{ entries: OutboxEntry[]; last: number } | null> {
    const current = await this.options.states.get(keyOf(conversation));
    if (!current?.value) return null;
    const value = readValue(current.value);
    return {
      entries: await this.withLive(
        conversation,
        value.entries.filter((e) => e.kind === 'push' && e.seq > seq),
      ),
      last: value.next - 1,
    };
  }
}

const keyOf = (conversation: string) => `webchat:outbox:${conversation}`;
const liveKeyOf = (conversation: string) => `webchat:live:${conversation}`;

/** The id the page dedupes by: the same for the same send key, and it reveals nothing of it. */
function publicIdOf(conversation: string, key: string): string {
  return createHash('sha256').update(`${conversation}\n${key}`).digest('base64url').slice(0, 22);
}

function readValue(value: JsonValue | undefined): OutboxValue {
  const v = value as unknown as Partial<OutboxValue> | null | undefined;
  return { next: typeof v?.next === 'number' ? v.next : 1, entries: Array.isArray(v?.entries) ? v.entries : [], ...(v?.live === true ? { live: true as const } : {}) };
}

function readLive(value: JsonValue | undefined): LiveValue {
  const v = value as unknown as Partial<LiveValue> | null | undefined;
  return { replies: Array.isArray(v?.replies) ? v.replies : [] };
}
