import type { Flow } from '@griot/flows';
import type { SessionRecord } from '../store/types.ts';

/** Conversations kept between their hooks; past it the oldest goes (it is read from the store again). */
const KEPT = 4096;

export interface CachedConversation {
  record: SessionRecord;
  flow: Flow;
  /** This instance held a slow look-up of the contact (`PendingContinuation`): its hang-up must drop it. */
  heldLookup: boolean;
}

/**
 * The sessions this instance saved last, with the revision the store gave them: the next event
 * of a conversation starts from here instead of reading back what its previous turn just wrote
 * (and opening its sealed values, and resolving its flow again). Nothing is trusted blindly: a
 * turn's save is conditional on that revision, so a session another instance (or an admin)
 * changed meanwhile fails the save (`SessionConflict`) and the turn runs again from the store;
 * and before a turn reaches outside (a look-up, the agent queues) the engine checks the revision
 * first (`ConversationService.confirmFresh`).
 *
 * An entry is taken out while its turn runs and put back once the turn is saved: a turn that
 * fails leaves nothing behind. Ended contacts are kept without their sensitive values (as the
 * store keeps them) until their hang-up; a contact's hang-up forgets it.
 */
export class SessionCache {
  private readonly entries = new Map<string, CachedConversation>();

  /** The conversation as this instance saved it; undefined when unknown here or expired (ask the store). */
  take(key: string, now: string): CachedConversation | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    return entry.record.expiresAt > now ? entry : undefined;
  }

  /** As `take`, the entry left in place (a look, not a turn). */
  peek(key: string, now: string): CachedConversation | undefined {
    const entry = this.entries.get(key);
    return entry && entry.record.expiresAt > now ? entry : undefined;
  }

  put(key: string, entry: CachedConversation): void {
    this.entries.delete(key);
    if (this.entries.size >= KEPT) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(key, entry);
  }

  forget(key: string): void {
    this.entries.delete(key);
  }
}
