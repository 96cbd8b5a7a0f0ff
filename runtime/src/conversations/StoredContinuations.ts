import type { Effect, JsonValue } from '@griot/flows';
import type { Logger } from '../logger.ts';
import type { SessionRecord, Store } from '../store/types.ts';
import type { SessionVault } from '../sensitive/SessionVault.ts';
import type { Lookup } from './LookupRunner.ts';
import type { TurnOutput } from './types.ts';
import { logKeyOf } from './logKey.ts';

/** How often an instance that did not start a slow look-up looks for its outcome in the store. */
const POLL_MS = 100;

/** The turn that followed a slow look-up, as kept in the store for whichever instance the redirect reaches. */
export interface ContinuationOutcome {
  /** The session's revision after that turn: an outcome found with the session elsewhere is stale. */
  revision: number;
  effects: Effect[];
  issues: TurnOutput['issues'];
  trace: TurnOutput['trace'];
  queued?: TurnOutput['queued'];
}

/** What the store says of a session's slow look-up, seen from an instance that does not run it. */
export type ElsewhereLookup =
  | { state: 'none' }
  /** Still running on its owner when the wait ended. */
  | { state: 'running' }
  /** Done: the turn that followed it, taken (no other instance gets it). */
  | { state: 'done'; outcome: ContinuationOutcome | undefined }
  /** Its owner stopped renewing its hold: this instance holds it now, to perform it again. */
  | { state: 'claimed'; revision: number; request: Lookup['request'] | undefined };

/**
 * A slow look-up's place in the store (`PendingContinuation`), for one instance: it holds the
 * look-ups it performs (renewed while they run), leaves the turn that followed each, and, for a
 * look-up another instance runs, waits for that turn or takes the look-up over. Requests and
 * outcomes are sealed with the session's vault (they may hold a PUK code).
 */
export class StoredContinuations {
  constructor(private readonly options: { store: Store; vault: SessionVault; instanceId: string; leaseMs: number; clock: () => Date; log: Logger }) {}

  /** Holds the look-up a session (saved waiting for it) is waiting on. */
  async hold(record: SessionRecord, request: Lookup['request']): Promise<void> {
    const { store, vault, instanceId } = this.options;
    await store.continuations.putContinuation({
      key: record.key,
      revision: record.revision ?? 0,
      owner: instanceId,
      until: this.leaseEnd(),
      request: vault.sealValue(record.key, 'request', request as unknown as JsonValue),
      expiresAt: record.expiresAt,
    });
  }

  /** Renews the hold until the returned function is called: no other instance performs the look-up meanwhile. */
  keepHolding(key: string): () => void {
    const { store, instanceId, leaseMs, log } = this.options;
    const renewal = setInterval(
      () => {
        store.continuations.renewContinuation(key, instanceId, this.leaseEnd()).catch((error: unknown) => {
          log.warn({ event: 'conversation.lookupRenewFailed', session: logKeyOf(key), err: { message: (error as Error).message } }, 'could not renew the hold on a slow look-up');
        });
      },
      Math.max(50, Math.floor(leaseMs / 3)),
    );
    renewal.unref();
    return () => clearInterval(renewal);
  }

  /** Leaves the turn that followed the look-up for the redirect; false when another instance took the look-up over. */
  leave(key: string, outcome: ContinuationOutcome): Promise<boolean> {
    const { store, vault, instanceId } = this.options;
    return store.continuations.settleContinuation(key, instanceId, vault.sealValue(key, 'outcome', outcome as unknown as JsonValue));
  }

  drop(key: string): Promise<void> {
    return this.options.store.continuations.deleteContinuation(key);
  }

  /** A look-up another instance runs: its outcome, once there (until `deadline`, performance.now()), or a claim on it if its owner stopped. */
  async elsewhere(key: string, deadline: number): Promise<ElsewhereLookup> {
    const { store, vault, instanceId, clock } = this.options;
    for (;;) {
      const now = clock().toISOString();
      const held = await store.continuations.getContinuation(key, now);
      if (!held) return { state: 'none' };
      if (held.outcome) {
        const taken = await store.continuations.takeContinuation(key);
        if (!taken?.outcome) return { state: 'none' };
        return { state: 'done', outcome: vault.openValue(key, 'outcome', taken.outcome) as unknown as ContinuationOutcome | undefined };
      }
      if (held.until <= now) {
        const claimed = await store.continuations.claimContinuation(key, instanceId, this.leaseEnd(), now);
        if (claimed) return { state: 'claimed', revision: claimed.revision, request: vault.openValue(key, 'request', claimed.request) as unknown as Lookup['request'] | undefined };
        continue;
      }
      const left = deadline - performance.now();
      if (left <= 0) return { state: 'running' };
      await new Promise((resolve) => setTimeout(resolve, Math.min(POLL_MS, left)));
    }
  }

  private leaseEnd(): string {
    return new Date(this.options.clock().getTime() + this.options.leaseMs).toISOString();
  }
}
