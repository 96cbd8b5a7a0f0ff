import type { JsonValue } from '@griot/flows';
import { silentLogger, type ChannelLogger } from '../channel/ChannelLogger.ts';
import type { ChannelStates } from '../channel/ChannelStates.ts';
import type { ConversationPort } from '../channel/ConversationPort.ts';
import { StoreFailureLog } from '../channel/StoreFailureLog.ts';
import type { UssdEndNotice } from './ussdEndNotice.ts';
import type { UssdState } from './UssdSessions.ts';

/**
 * What a notice changed: nothing (`unknown`: no such session, or one already closed), the
 * channel's state only, or the contact too; `underWay`: not yet (it waits for a request of its
 * session), it goes on after the answer.
 */
export type UssdSessionClosed = 'unknown' | 'stateDropped' | 'contactEnded' | 'underWay';

export interface UssdSessionEndsOptions {
  states: ChannelStates;
  port: ConversationPort;
  logger?: ChannelLogger;
  now?: () => number;
  /** Longest a notice waits for a request of its session still under way (its lease runs out sooner). */
  maxWaitMs?: number;
}

/** What a notice reads of the state `UssdSessions` keeps per session (the rest is its business); a stored value may lack any of it. */
type KeptState = Partial<Pick<UssdState, 'answer' | 'final' | 'busy'>>;

const POLL_MS = 25;

/**
 * The gateway's word that a session is over (`UssdEndNotice`). A session whose last screen waited
 * for the subscriber's answer (`CON`, not one of the screens closing it) will never get one: its
 * contact ends, `abandoned` (the subscriber cancelled or the network timed out: `Incomplete`) or
 * `error` (`Failed`), the reasons the engine and analytics already count. A session Griot closed
 * itself (`END`: the flow ended, an agent will call back, a slow look-up's answer follows by SMS)
 * keeps its contact as it is. Either way the channel's state (what the screens showed) is dropped
 * now rather than minutes later: the gateway sends nothing more for that session.
 *
 * Idempotent: the state is dropped after the contact is ended, so a notice delivered again, or
 * one for a session Griot does not hold (unknown, expired, already closed), changes nothing; and
 * should ending the contact fail, the state stays for a retry. A request of the session still
 * under way (the gateway gave up on it) is waited for, so the notice judges what it showed.
 */
export class UssdSessionEnds {
  private readonly logger: ChannelLogger;
  private readonly now: () => number;

  private readonly background = new Set<Promise<unknown>>();

  /** Notices that could not be applied because the store failed: counted for `ussd`, said once a minute per cause. */
  private readonly storeFailures: StoreFailureLog;

  constructor(private readonly options: UssdSessionEndsOptions) {
    this.logger = options.logger ?? silentLogger;
    this.storeFailures = new StoreFailureLog(options.port, 'ussd', this.logger);
    this.now = options.now ?? Date.now;
  }

  /**
   * Applies a notice, resolving once applied or after `withinMs` (the gateway wants its answer
   * quickly), whichever comes first: then it goes on in the background. Rejects when it failed
   * within that time; a later failure is logged.
   */
  receive(notice: UssdEndNotice, withinMs: number): Promise<UssdSessionClosed> {
    const task = this.close(notice);
    this.background.add(task);
    void task.then(
      () => this.background.delete(task),
      (error: unknown) => {
        this.background.delete(task);
        const told = 'a USSD end-of-session notice could not be applied: the contact ends when it expires';
        if (this.storeFailures.failed(error, { session: `ussd:${notice.sessionId}` }, told)) return;
        this.logger.error({ session: `ussd:${notice.sessionId}`, error: error instanceof Error ? error.message : String(error) }, told);
      },
    );
    let timer: ReturnType<typeof setTimeout> | undefined;
    const later = new Promise<UssdSessionClosed>((resolve) => {
      timer = setTimeout(() => resolve('underWay'), withinMs);
    });
    return Promise.race([task, later]).finally(() => clearTimeout(timer));
  }

  /** Lets the notices under way finish (the channel closing). */
  async idle(): Promise<void> {
    await Promise.allSettled([...this.background]);
  }

  async close(notice: UssdEndNotice): Promise<UssdSessionClosed> {
    const { states, port } = this.options;
    // The conversation key UssdSessions gives the session.
    const key = `ussd:${notice.sessionId}`;
    const deadline = this.now() + (this.options.maxWaitMs ?? 10_000);
    for (;;) {
      const stored = await states.get(key);
      if (!stored) return 'unknown';
      const state = keptState(stored.value);
      // A request under way: what it shows decides (an agent who calls back keeps the contact); past its lease, its owner is gone.
      if (state.busy && (state.busy.until ?? 0) > this.now() && this.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
        continue;
      }
      const waited = state.busy !== undefined || (state.answer?.startsWith('CON') === true && state.final !== true);
      const reason = waited ? (notice.status === 'Failed' ? 'error' : 'abandoned') : null;
      if (reason) await port.end(key, reason);
      await states.delete(key);
      this.logger.info({ session: key, status: notice.status, ...(reason ? { contactEnded: reason } : {}) }, 'USSD session ended by the gateway');
      return reason ? 'contactEnded' : 'stateDropped';
    }
  }
}

function keptState(value: JsonValue): KeptState {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as KeptState) : {};
}
