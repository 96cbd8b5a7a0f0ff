import type { OutboxEntry, WebchatOutbox } from './webchatOutbox.ts';

export interface WebchatWaitLimits {
  /** Long polls waiting at once on this instance: past it, a page is told to come back (429). */
  perInstance: number;
  /** Long polls of one address waiting at once (its conversations together): one address cannot take the instance's places. */
  perAddress: number;
  /** Long polls of one conversation waiting at once (a visitor's tabs). */
  perConversation: number;
}

export type WaitAnswer = { kind: 'entries'; entries: OutboxEntry[]; last: number } | { kind: 'unknown' } | { kind: 'busy'; limit: 'instance' | 'address' | 'conversation' };

/** How often a waiting poll reads the Store, for an entry another instance wrote. */
const STORE_CHECK_MS = 2_000;

/**
 * The long polls waiting on this instance. A poll holds nothing but its timer and its place in
 * two counters while it waits: what it waits for is in the Store (so a visitor who never reads
 * holds no memory), and it wakes when this instance writes to its conversation, or finds what
 * another instance wrote at its next look at the Store (every 2 s).
 */
export class WebchatWaits {
  private waiting = 0;
  private readonly perConversation = new Map<string, number>();
  private readonly perAddress = new Map<string, number>();
  private readonly wakers = new Map<string, Set<() => void>>();

  constructor(
    private readonly outbox: WebchatOutbox,
    private readonly limits: WebchatWaitLimits,
  ) {
    outbox.onAppend((conversation) => {
      for (const wake of this.wakers.get(conversation) ?? []) wake();
    });
  }

  /** What was pushed after `after`: at once when there is something, else as it comes within `seconds`. */
  async next(conversation: string, after: number, seconds: number, aborted: AbortSignal, address = ''): Promise<WaitAnswer> {
    const first = await this.read(conversation, after);
    if (!first) return { kind: 'unknown' };
    if (first.entries.length > 0 || seconds === 0) return { kind: 'entries', ...first };
    if (this.waiting >= this.limits.perInstance) return { kind: 'busy', limit: 'instance' };
    const mine = this.perConversation.get(conversation) ?? 0;
    if (mine >= this.limits.perConversation) return { kind: 'busy', limit: 'conversation' };
    const theirs = this.perAddress.get(address) ?? 0;
    if (theirs >= this.limits.perAddress) return { kind: 'busy', limit: 'address' };
    this.waiting += 1;
    this.perConversation.set(conversation, mine + 1);
    this.perAddress.set(address, theirs + 1);
    const wakers = this.wakers.get(conversation) ?? new Set<() => void>();
    this.wakers.set(conversation, wakers);
    let wake = () => {};
    const deadline = Date.now() + seconds * 1000;
    try {
      let latest = first;
      while (!aborted.aborted && Date.now() < deadline) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.min(STORE_CHECK_MS, Math.max(0, deadline - Date.now())));
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
          wakers.add(wake);
          aborted.addEventListener('abort', wake, { once: true });
        });
        wakers.delete(wake);
        aborted.removeEventListener('abort', wake);
        if (aborted.aborted) break;
        const now = await this.read(conversation, after);
        if (!now) return { kind: 'unknown' };
        latest = now;
        if (now.entries.length > 0) break;
      }
      return { kind: 'entries', ...latest };
    } finally {
      wakers.delete(wake);
      if (wakers.size === 0) this.wakers.delete(conversation);
      this.waiting -= 1;
      const left = (this.perConversation.get(conversation) ?? 1) - 1;
      if (left > 0) this.perConversation.set(conversation, left);
      else this.perConversation.delete(conversation);
      const fromThere = (this.perAddress.get(address) ?? 1) - 1;
      if (fromThere > 0) this.perAddress.set(address, fromThere);
      else this.perAddress.delete(address);
    }
  }

  /** A page ahead of the outbox (it expired and started over) reads it from the start. */
  private async read(conversation: string, after: number) {
    const found = await this.outbox.after(conversation, after);
    if (found && after > found.last) return this.outbox.after(conversation, 0);
    return found;
  }
}
