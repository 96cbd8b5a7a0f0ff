import type { SensitiveValues } from './types.ts';

/**
 * A look-up (an `http` node's request, an `intent` node's classification) that outlived its
 * voice turn's budget. The caller heard the wait prompt; jambonz will fetch the rest with a
 * redirect that may reach any instance. The instance performing the look-up holds it (`owner`,
 * renewed until `until`); when done, it leaves the turn that followed (`outcome`) for whichever
 * instance the redirect reaches. An owner that dies stops renewing: another instance takes it
 * over and performs the look-up again from `request`, so the caller is never stranded, and no
 * look-up runs twice while its owner lives.
 *
 * `request` and `outcome` may hold what the flow fetched (a PUK code in a prompt): they are
 * sealed like a session's sensitive values (`SessionVault`), kept only until the turn is taken,
 * and never in backups.
 */
export interface PendingContinuation {
  /** The session key (`voice:<call_sid>`). */
  key: string;
  /** The session's revision while it waits for the look-up: once the session moved on, this is obsolete. */
  revision: number;
  /** Which instance performs the look-up, while `until` has not passed. */
  owner: string;
  until: string;
  /** The look-up's request, sealed: what performing it again needs. */
  request: SensitiveValues;
  /** The turn that followed the look-up, sealed, once it is done. */
  outcome?: SensitiveValues;
  /** Gone after this, taken or not (the session's expiry). */
  expiresAt: string;
}

/** The Store's part for continuations (SQLite table `continuations`, MongoDB collection `continuations`). */
export interface ContinuationStore {
  /** Records a continuation, replacing any earlier one of the same session. */
  putContinuation(continuation: PendingContinuation): Promise<void>;
  /** The continuation of a session, while it has not expired at `now`. */
  getContinuation(key: string, now: string): Promise<PendingContinuation | null>;
  /** Extends the owner's hold; false when another instance took it over (or it is gone). */
  renewContinuation(key: string, owner: string, until: string): Promise<boolean>;
  /**
   * Takes over a continuation whose owner's hold passed at `now` and that has no outcome yet,
   * atomically (of two instances, one gets it); null otherwise.
   */
  claimContinuation(key: string, owner: string, until: string, now: string): Promise<PendingContinuation | null>;
  /** Leaves the turn that followed the look-up, while `owner` still holds it; false otherwise. */
  settleContinuation(key: string, owner: string, outcome: SensitiveValues): Promise<boolean>;
  /** Removes the continuation and returns it when it has an outcome (one taker gets it); null otherwise. */
  takeContinuation(key: string): Promise<PendingContinuation | null>;
  deleteContinuation(key: string): Promise<void>;
}
