import type { Logger } from '../logger.ts';
import type { LeaseStore } from '../store/clusterTypes.ts';
import { isoTime } from './isoTime.ts';

/**
 * An instance's sign of life in the store (a lease `instance:<id>`, `aliveMs` long, renewed every
 * third of it), kept only while another instance may have to judge it: while a call in progress
 * is at its first turn, taken here (`took`), for at most `judgedMs` after that turn (past it, no signed
 * hook for that turn is accepted any more: the signature's tolerance is 300 s). Another instance
 * that gets jambonz's retry of a hook this one took tells from it whether this one answered
 * (`ConversationService.resend`). An idle instance writes nothing and wakes for nothing (ops26,
 * perf25: `bench/voice/idleWakeups.mjs`); a busy one writes one small row a second, none per webhook.
 */
export class SignOfLife {
  /** Calls still at their first turn, taken here (the call hook's, `keepsAnswer`): when that turn stops mattering (ms since the epoch). */
  private readonly calls = new Map<string, number>();
  private timer: ReturnType<typeof setInterval> | undefined;
  private serving = false;
  private readonly name: string;

  constructor(
    private readonly options: {
      leases: LeaseStore;
      instanceId: string;
      clock: () => Date;
      log: Logger;
      aliveMs: number;
      judgedMs: number;
    },
  ) {
    this.name = `instance:${options.instanceId}`;
  }

  /** From now on keeps the sign of life while calls need it; returns what stops it (the lease then lapses). */
  start(): () => void {
    this.serving = true;
    if (this.calls.size > 0) this.wake();
    return () => {
      this.serving = false;
      this.sleep();
    };
  }

  /**
   * A call's turn taken here (before its save: the lease is written before jambonz can give up on
   * the answer); `ended`: nothing of the call left to judge (its final status came, or it is past
   * its first turn, the only one whose answer is kept for jambonz's retry: `keepsAnswer`, or that turn
   * ended it: a closed line's goodbye, kept only when it says no secret and given to a retry whether
   * this instance lives or not, `TurnRecorder`).
   */
  took(key: string, ended: boolean): void {
    if (ended) {
      this.calls.delete(key);
      return;
    }
    this.calls.set(key, this.options.clock().getTime() + this.options.judgedMs);
    if (this.serving && this.timer === undefined) this.wake();
  }

  /** Whether the sign of life is being renewed (tests). */
  get renewing(): boolean {
    return this.timer !== undefined;
  }

  private wake(): void {
    this.renew();
    this.timer = setInterval(() => this.tick(), this.options.aliveMs / 3);
    this.timer.unref();
  }

  private sleep(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  private tick(): void {
    const now = this.options.clock().getTime();
    for (const [key, until] of this.calls) if (until <= now) this.calls.delete(key);
    // Nothing left another instance may judge: the lease lapses on its own, no write to drop it.
    if (this.calls.size === 0) this.sleep();
    else this.renew();
  }

  private renew(): void {
    const now = this.options.clock();
    const { leases, instanceId, aliveMs, log } = this.options;
    leases.acquireLease(this.name, instanceId, isoTime(new Date(now.getTime() + aliveMs)), isoTime(now)).catch((error: unknown) => {
      log.warn({ event: 'conversation.aliveFailed', err: { message: (error as Error).message } }, "could not renew this instance's sign of life");
    });
  }
}
