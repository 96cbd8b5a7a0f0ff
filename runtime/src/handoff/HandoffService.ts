import { expectationOf } from '../store/handoffExpectation.ts';
import { isOpenAt, isQueueName, type Channel, type FlowEvent, type HandoffEffect, type JsonValue, type Session } from '@griot/flows';
import type { ConversationService } from '../conversations/ConversationService.ts';
import type { HandoffAdmission, HandoffHooks, TurnOutput, TurnResult } from '../conversations/types.ts';
import type { Logger } from '../logger.ts';
import type {
  Binding,
  CallbackRequest,
  ContactToMask,
  HandoffContact,
  HandoffContactPatch,
  HandoffExpectation,
  HandoffStatus,
  PendingBotTurn,
  QueueSettings,
  SessionRecord,
  Store,
} from '../store/types.ts';
import { SessionVault } from '../sensitive/SessionVault.ts';
import type { BotTurn } from '@griot/connectors';
import type { AgentReplySender, ReplyTarget } from './AgentReplySender.ts';
import { contactHistory } from './contactHistory.ts';
import { HandoffEvents } from './HandoffEvents.ts';
import { queueSettingsOf } from './queueSettings.ts';
import type { ClusterEvents } from '../cluster/ClusterEvents.ts';
import { holdersOf, sensitiveValuesOf } from '../sensitive/holdsSensitiveValue.ts';
import { maskMessageText } from '../sensitive/maskMessageText.ts';
import { maskSecretKeyedVars } from '../sensitive/maskSecretKeyed.ts';
import { botTurnAtRest } from './botTurnAtRest.ts';

export interface HandoffServiceOptions {
  store: Store;
  logger: Logger;
  now: () => string;
  newId: () => string;
  /** Zone of queues without settings (and of history days). */
  defaultTimezone: string;
  /** Events between instances: changes reach the inboxes open on every instance sharing the store. */
  cluster?: ClusterEvents;
  /** After a failed send of the bot's turn (after a release or a callback): the waits before each new try (`BOT_TURN_RETRY_MS`). */
  botTurnRetryMs?: readonly number[];
  /**
   * How long an instance holds a pending bot turn it is running or sending before another may
   * (`PendingBotTurn.nextAt`): longer than the slowest channel's send. Default `BOT_TURN_HOLD_MS`.
   */
  botTurnHoldMs?: number;
  /** Seals the pending bot turns kept in the store (GRIOT_DATA_KEY), as a session's sensitive values. */
  vault?: SessionVault;
}

/**
 * The bot's turn after a release whose send failed "not now" (the web chat's outbox not written, a
 * connector down) is tried again after these waits (or a longer Retry-After), in the background:
 * about 40 s in all, then given up and logged. Each channel keys the turn's send
 * (`release:<session>:<turn>`), so a try that did reach the user is not shown twice.
 */
export const BOT_TURN_RETRY_MS: readonly number[] = [2_000, 8_000, 30_000, 60_000];
/** A pending bot turn is held this long by the instance running or sending it (the channels' longest default send, 64 s, and some). */
export const BOT_TURN_HOLD_MS = 90_000;
/** A bot turn still unsent this long after the agent handed back is given up: the conversation has moved on. */
export const BOT_TURN_GIVE_UP_MS = 60 * 60_000;
/** Pending bot turns read per recovery pass. */
const BOT_TURNS_PER_PASS = 100;
/** The purpose a pending bot turn is sealed under (with its session key). */
const SEALED_AS = 'botTurn';
/** The purpose the values to mask of a closed contact are sealed under (with the contact's id). */
const MASK_VALUES_AS = 'maskValues';

/** What the recovery pass did with the pending bot turns it found due. */
export interface BotTurnCounts {
  sent: number;
  givenUp: number;
  deferred: number;
}

/** What a channel says will never go (no such recipient, outside its window, refused): not tried again. */
const NEVER = new Set(['recipientUnavailable', 'outsideWindow', 'refused']);

const OPEN: HandoffStatus[] = ['waiting', 'assigned'];

/** A step of a callback request, as analytics counts it. */
export type CallbackStep = 'requested' | 'taken' | 'placed' | 'answered' | 'completed' | 'failed';

/**
 * Told of every change to handoff contacts and callback requests once it is stored (analytics:
 * queue figures). `before` is given for a transfer (the queue it left).
 */
export interface HandoffObserver {
  contactChanged(contact: HandoffContact, change: { queued?: boolean; patch?: HandoffContactPatch; before?: HandoffContact | null }): Promise<void>;
  callbackChanged(request: CallbackRequest, step: CallbackStep): Promise<void>;
}
const E164 = /^\+[1-9]\d{5,14}$/;

/** What a waiting subscriber's event says, as a chat line (null: not a message). */
function messageText(event: FlowEvent): string | null {
  if (event.type === 'text' || event.type === 'speech') return event.text;
  if (event.type === 'choice') return event.option;
  if (event.type === 'digits') return event.digits;
  return null;
}

/**
 * The agent queues' side of the engine: a session's handoff becomes a persistent waiting contact
 * (with the caller's history), closed hours answer `unavailable`, a subscriber's messages while
 * with an agent are kept for the agent, and the outcome closes the contact. Agent actions are in
 * `AgentDesk`; both publish changes on `events`.
 */
export class HandoffService {
  readonly events: HandoffEvents;
  readonly store: Store;
  readonly log: Logger;
  private conversations: ConversationService | undefined;
  private readonly senders = new Map<string, AgentReplySender>();
  private readonly observers: HandoffObserver[] = [];

  constructor(readonly options: HandoffServiceOptions) {
    this.store = options.store;
    this.events = new HandoffEvents(options.cluster);
    this.log = options.logger.child({ component: 'handoff' });
  }

  /** Analytics hears of every contact and callback change. */
  observe(observer: HandoffObserver): void {
    this.observers.push(observer);
  }

  /** Tells the observers; their failure is logged, never the agent's or the caller's. */
  async tell(notify: (observer: HandoffObserver) => Promise<void>): Promise<void> {
    for (const observer of this.observers) {
      await notify(observer).catch((error: unknown) => {
        this.log.error({ event: 'handoff.observerFailed', err: { message: (error as Error).message } }, 'a handoff observer failed');
      });
    }
  }

  /** The engine the agents release contacts back to (set once both exist). */
  attach(conversations: ConversationService): void {
    this.conversations = conversations;
  }

  engine(): ConversationService {
    if (!this.conversations) throw new Error('the handoff service is not attached to the conversation engine');
    return this.conversations;
  }

  /** Where agents' replies go for a channel (`*`: every messaging channel without its own). */
  useReplySender(sender: AgentReplySender, channel = '*'): void {
    this.senders.set(channel, sender);
  }

  senderFor(channel: string): AgentReplySender | undefined {
    return this.senders.get(channel) ?? this.senders.get('*');
  }

  readonly hooks: HandoffHooks = {
    requested: (record, session, effect) => this.requested(record, session, effect),
    waitingEvent: (record, session, event) => this.waitingEvent(record, session, event),
    keepWaiting: (sessionKey) => this.keepWaiting(sessionKey),
    contactOf: async (sessionKey) => {
      const latest = (await this.store.listHandoffContacts({ sessionKey })).sort((a, b) => a.enqueuedAt.localeCompare(b.enqueuedAt)).at(-1);
      if (!latest?.agent) return null;
      return { agent: latest.agent, ...(latest.outcome && latest.outcome !== 'released' ? { outcome: latest.outcome } : {}) };
    },
  };

  /** The open contact of a session, if any. */
  async openContactOf(sessionKey: string): Promise<HandoffContact | null> {
    return (await this.store.listHandoffContacts({ sessionKey, statuses: OPEN }))[0] ?? null;
  }

  /**
   * Changes a contact while in one of `expected` statuses (and with the expected agent, when given), and tells the inbox.
   * A close masks what was written in the contact (`maskClosed`); `sessions`: the session as the
   * turn closing it had it, when its stored one may already have dropped its sensitive values.
   */
  async change(id: string, expected: HandoffExpectation, patch: HandoffContactPatch, sessions: Session[] = []): Promise<HandoffContact | null> {
    // A transfer: which queue it leaves.
    const before = patch.queue !== undefined && this.observers.length > 0 ? await this.store.getHandoffContact(id) : null;
    // Marked in the same write as the close, with the values to mask (the turn ending the session
    // removes them from it): a process stopped before the masking leaves both for the next pass.
    const closing = patch.status === 'closed';
    const values = closing ? await this.valuesAtClose(id, sessions) : [];
    // The account's name on the platform (account data) goes with the close: the caller's history never needed it.
    const marks: HandoffContactPatch = closing ? { maskPending: true, callerName: undefined, ...(values.length > 0 ? { maskValues: this.vault.sealValue(id, MASK_VALUES_AS, values) } : {}) } : {};
    const changed = await this.store.updateHandoffContact(id, expected, { ...patch, ...marks, updatedAt: this.options.now() });
    if (changed) {
      if (closing && (await this.maskClosed(changed, sessions, values))) delete changed.maskPending;
      const { queue: left, agent: heldBefore } = expectationOf(expected);
      this.publishContact(changed, left !== undefined && left !== changed.queue ? left : undefined, heldBefore ?? undefined);
      await this.tell((o) => o.contactChanged(changed, { patch, before }));
    }
    return changed;
  }

  /**
   * What was written in a closed contact is kept masked (`maskMessageText`): its session's
   * sensitive values and every run of 6 digits or more become `•••` in its stored messages. False
   * when it failed (logged): the contact keeps its mark, and the next pass (`maskLeftOver`) does it.
   */
  async maskClosed(contact: ContactToMask, sessions: Session[] = [], atClose?: string[]): Promise<boolean> {
    try {
      const values = new Set([...this.keptValues(contact), ...(atClose ?? (await this.sensitiveValuesOf(contact.sessionKey, sessions)))]);
      const masked = await this.store.maskHandoffMessages(contact.id, [...values]);
      if (masked > 0) this.events.publish({ type: 'message', id: contact.id, queue: contact.queue, at: this.options.now() });
      return true;
    } catch (error) {
      this.log.warn({ event: 'handoff.maskFailed', contact: contact.id, err: { message: (error as Error).message } }, 'the messages of a closed contact could not be masked yet');
      return false;
    }
  }

  /**
   * A note an agent writes on a transfer, as it is stored: runs of digits (a PUK code, an account
   * number) and the session's sensitive values masked, as a closed contact's messages are.
   */
  async maskNote(contact: HandoffContact, text: string): Promise<string> {
    return maskMessageText(text, await this.sensitiveValuesOf(contact.sessionKey, []));
  }

  /**
   * After a message was stored in a contact read open a moment before: one closed meanwhile (its
   * masking may have read the messages before this one) is masked again, so nothing stays clear.
   */
  async maskIfClosedMeanwhile(contactId: string, sessions: Session[] = []): Promise<void> {
    const now = await this.store.getHandoffContact(contactId);
    if (now?.status === 'closed') await this.maskClosed(now, sessions);
  }

  /**
   * Closed contacts a stopped process (or a failed write) left unmasked, or closed before an
   * upgrade brought the masking (migration 29): all masked now, `batch` at a time, other work
   * running between batches. Stops at a batch where one failed (logged): the next pass tries again;
   * and between batches once `shouldGoOn` answers false (the job's lease lost, the process
   * stopping): a stop does not wait for a whole backlog, the next holder goes on with the rest.
   */
  async maskLeftOver(batch = 100, shouldGoOn: () => boolean = () => true): Promise<number> {
    let masked = 0;
    for (;;) {
      const contacts = await this.store.listHandoffContactsToMask(batch);
      let failed = false;
      for (const contact of contacts) {
        if (await this.maskClosed(contact)) masked++;
        else failed = true;
      }
      if (failed || contacts.length < batch || !shouldGoOn()) return masked;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  /** The values to mask kept with a contact's close (`maskValues`), unsealed; none when they do not open (logged by the vault). */
  private keptValues(contact: ContactToMask): string[] {
    if (!contact.maskValues) return [];
    const opened = this.vault.openValue(contact.id, MASK_VALUES_AS, contact.maskValues);
    return Array.isArray(opened) ? opened.filter((v): v is string => typeof v === 'string') : [];
  }

  /** The values to mask of a contact about to close: its session's sensitive values, read before the close. */
  private async valuesAtClose(id: string, sessions: Session[]): Promise<string[]> {
    const contact = await this.store.getHandoffContact(id);
    return contact ? this.sensitiveValuesOf(contact.sessionKey, sessions) : [];
  }

  /** The session's sensitive values (still in the stored session, or in the closing turn's), unsealed; none when it is gone. */
  private async sensitiveValuesOf(sessionKey: string, sessions: Session[]): Promise<string[]> {
    const stored = await this.conversations?.peek(sessionKey);
    if (!stored) return [];
    return sensitiveValuesOf(stored.flow, [stored.record.session, ...sessions]);
  }

  /**
   * `fromQueue`: the queue a transferred contact left, so its agents' inboxes drop it. `heldBefore`:
   * the agent who held it until this change (a transfer, a requeue or a take-over): the event names
   * them (`fromAgent`), as it names the agent who holds it now (`agent`), so both hear of it whatever their queues.
   */
  publishContact(contact: HandoffContact, fromQueue?: string, heldBefore?: string): void {
    const fromAgent = heldBefore !== undefined && heldBefore !== contact.agent ? heldBefore : undefined;
    this.events.publish({
      type: 'contact',
      id: contact.id,
      queue: contact.queue,
      ...(fromQueue ? { fromQueue } : {}),
      status: contact.status,
      ...(contact.agent ? { agent: contact.agent } : {}),
      ...(fromAgent ? { fromAgent } : {}),
      at: this.options.now(),
    });
  }

  /**
   * Runs the bot's turn after an agent handed the conversation back (`done`) or turned it into a
   * callback (`callback`), and has the channel send it, durably: before the engine runs, the turn
   * is kept in the store (`PendingBotTurn`), then kept with what the engine said until the channel
   * took it. A restart or a kill -9 at any point, or a channel down, leaves it to the recovery pass
   * (`resendBotTurns`, the `bot-turns` job, on whichever instance), which runs it once (the store's
   * claim; a session no longer waiting for an agent has run it) and sends it under the channel's
   * key (`release:<session>:<turn>`), so a try that did reach the user is not shown twice.
   */
  async runBotTurn(contact: HandoffContact, outcome: PendingBotTurn['outcome']): Promise<TurnResult> {
    const sender = contact.channel === 'voice' ? undefined : this.senderFor(contact.channel);
    if (!sender) return this.engine().handle(contact.sessionKey, { type: 'handoff', outcome });
    const now = this.options.now();
    const pending: PendingBotTurn = { contactId: contact.id, sessionKey: contact.sessionKey, outcome, tries: 0, nextAt: this.holdUntil(), createdAt: now };
    await this.store.putPendingBotTurn(pending);
    let turn: TurnResult;
    try {
      turn = await this.engine().handle(contact.sessionKey, { type: 'handoff', outcome });
    } catch (error) {
      // The turn failed, not unkept: the caller handles the error (its goodbye), the recovery pass must not give it up later or run it after that goodbye.
      await this.dropKept(contact.id);
      throw error;
    }
    if (turn.status === 'missing') {
      await this.dropKept(contact.id);
      return turn;
    }
    await this.deliverTurn(contact, turn, pending);
    return turn;
  }

  /**
   * Has a messaging channel send a bot turn the engine ran after an agent (their close's survey
   * or goodbye); voice renders its own. Kept in the store until the channel took it, as in
   * `runBotTurn`: a send that fails "not now" is tried again (`BOT_TURN_RETRY_MS`, by this
   * instance's timer or any instance's recovery pass), one the channel says will never go, or
   * still unsent after `BOT_TURN_GIVE_UP_MS`, is logged (`handoff.sendFailed`) and dropped.
   */
  async deliverTurn(contact: HandoffContact, turn: TurnOutput, pending?: PendingBotTurn): Promise<void> {
    const sender = contact.channel === 'voice' ? undefined : this.senderFor(contact.channel);
    if (!sender) return;
    // The caller erased while the engine ran (only an erasure removes a contact this young): nothing
    // is kept or sent, so the erased conversation's channel states are not written again.
    if (!(await this.store.getHandoffContact(contact.id))) {
      await this.store.deletePendingBotTurn(contact.id);
      this.log.info({ event: 'handoff.botTurnDropped', contact: contact.id, reason: 'erased' }, 'the bot turn after an agent is dropped: the caller was erased meanwhile');
      return;
    }
    const now = this.options.now();
    const kept: PendingBotTurn = {
      ...(pending ?? { contactId: contact.id, sessionKey: contact.sessionKey, outcome: 'done', tries: 0, createdAt: now }),
      nextAt: this.holdUntil(),
      turn: this.keep(contact.id, contact.sessionKey, botTurnOf(turn)),
    };
    await this.store.putPendingBotTurn(kept);
    await this.sendKept(contact, kept, botTurnOf(turn));
  }

  /**
   * The turn as the store keeps it (`botTurnAtRest`: sealed, or without a data key its sensitive
   * prompts masked). When masked, this process keeps the turn as it ran in memory, for its own
   * tries, until the turn is sent or given up (an hour at most).
   */
  private keep(contactId: string, sessionKey: string, turn: BotTurn): NonNullable<PendingBotTurn['turn']> {
    const { kept, asRun } = botTurnAtRest(this.vault, sessionKey, SEALED_AS, turn);
    if (!asRun) {
      this.turnsAsRun.set(contactId, turn);
      setTimeout(() => this.turnsAsRun.delete(contactId), BOT_TURN_GIVE_UP_MS).unref();
    }
    return kept;
  }
  private readonly turnsAsRun = new Map<string, BotTurn>();

  /** The pending bot turn is sent or given up: removed from the store, and from this process's memory. */
  private async dropKept(contactId: string): Promise<void> {
    this.turnsAsRun.delete(contactId);
    await this.store.deletePendingBotTurn(contactId);
  }

  private get vault(): SessionVault {
    this.sealer ??= this.options.vault ?? new SessionVault(undefined, this.log);
    return this.sealer;
  }
  private sealer: SessionVault | undefined;

  private holdUntil(): string {
    return new Date(Date.parse(this.options.now()) + (this.options.botTurnHoldMs ?? BOT_TURN_HOLD_MS)).toISOString();
  }

  /** Sends a kept turn (this instance holds it): removed once sent or refused for good, else due again after the next wait. */
  private async sendKept(contact: HandoffContact, kept: PendingBotTurn, turn: BotTurn): Promise<'sent' | 'givenUp' | 'deferred'> {
    const sender = this.senderFor(contact.channel);
    if (!sender) {
      await this.dropKept(kept.contactId);
      return 'givenUp';
    }
    try {
      // After a hand-back or a callback nothing follows the turn; after an agent's close, its goodbye does.
      const last = contact.outcome === 'released' || contact.outcome === 'callback';
      await sender.sendBotTurn(targetOf(contact), last ? { ...turn, lastWord: true } : turn);
    } catch (error) {
      return this.sendFailed(contact, kept, error);
    }
    await this.dropKept(kept.contactId);
    if (kept.tries > 0) this.log.info({ event: 'handoff.botTurnSent', contact: contact.id, channel: contact.channel, tries: kept.tries + 1 }, 'the bot turn after a handoff was sent');
    return 'sent';
  }

  private async sendFailed(contact: HandoffContact, kept: PendingBotTurn, error: unknown): Promise<'givenUp' | 'deferred'> {
    const { reason, retryAfterSeconds } = (error ?? {}) as { reason?: unknown; retryAfterSeconds?: unknown };
    const delays = this.options.botTurnRetryMs ?? BOT_TURN_RETRY_MS;
    const never = typeof reason === 'string' && NEVER.has(reason);
    const tries = kept.tries + 1;
    const log = { event: 'handoff.sendFailed', contact: contact.id, channel: contact.channel, tries, err: { message: (error as Error)?.message ?? String(error) } };
    const now = Date.parse(this.options.now());
    if (never || now - Date.parse(kept.createdAt) >= BOT_TURN_GIVE_UP_MS) {
      await this.dropKept(kept.contactId);
      this.log.error(log, never ? 'the bot turn after a handoff cannot be sent' : 'the bot turn after a handoff could not be sent: given up');
      return 'givenUp';
    }
    const wait = Math.max(delays[Math.min(kept.tries, delays.length - 1)] ?? 0, typeof retryAfterSeconds === 'number' ? retryAfterSeconds * 1000 : 0);
    const nextAt = new Date(now + wait).toISOString();
    await this.store.putPendingBotTurn({ ...kept, tries, nextAt });
    this.log.warn(log, 'the bot turn after a handoff could not be sent: tried again shortly');
    // This instance tries again then; if it stops, another's recovery pass does (the claim lets one of them).
    const timer = setTimeout(() => {
      void this.retryBotTurn(kept.contactId, nextAt).catch((again: unknown) => {
        this.log.error({ event: 'handoff.botTurnRetryFailed', contact: kept.contactId, err: { message: (again as Error).message } }, 'a pending bot turn could not be tried again');
      });
    }, wait);
    timer.unref();
    return 'deferred';
  }

  private async retryBotTurn(contactId: string, seenNextAt: string): Promise<void> {
    const claimed = await this.store.claimBotTurn(contactId, seenNextAt, this.holdUntil());
    if (claimed) await this.resume(claimed);
  }

  /**
   * The recovery pass (the `bot-turns` job): every pending bot turn that is due, claimed first (of
   * two instances, one runs it), run if the engine has not yet, then sent.
   */
  async resendBotTurns(now: Date): Promise<BotTurnCounts> {
    const counts: BotTurnCounts = { sent: 0, givenUp: 0, deferred: 0 };
    for (const due of await this.store.listDueBotTurns(now.toISOString(), BOT_TURNS_PER_PASS)) {
      const claimed = await this.store.claimBotTurn(due.contactId, due.nextAt, this.holdUntil());
      if (!claimed) continue;
      counts[await this.resume(claimed)] += 1;
    }
    return counts;
  }

  /** Runs (when still to run) and sends a claimed pending bot turn. */
  private async resume(kept: PendingBotTurn): Promise<'sent' | 'givenUp' | 'deferred'> {
    const contact = await this.store.getHandoffContact(kept.contactId);
    const tooOld = Date.parse(this.options.now()) - Date.parse(kept.createdAt) >= BOT_TURN_GIVE_UP_MS;
    const giveUp = async (why: string) => {
      await this.dropKept(kept.contactId);
      this.log.error({ event: 'handoff.botTurnGivenUp', contact: kept.contactId, reason: why }, 'the bot turn after a handoff is given up');
      return 'givenUp' as const;
    };
    if (!contact) return giveUp('contactGone');
    if (tooOld) return giveUp('tooOld');
    let turn: BotTurn | undefined;
    if (kept.turn) {
      const opened = this.vault.openValue(kept.sessionKey, SEALED_AS, kept.turn);
      if (opened === undefined) return giveUp('unreadable');
      turn = this.turnsAsRun.get(kept.contactId) ?? (opened as unknown as BotTurn);
    } else {
      // Not run yet (the process stopped first), unless the session no longer waits for the agent:
      // then the engine ran it and the process stopped before keeping it. Never run twice.
      if (!(await this.engine().waitsForAgent(kept.sessionKey))) return giveUp('ranUnkept');
      const ran = await this.engine().handle(kept.sessionKey, { type: 'handoff', outcome: kept.outcome });
      if (ran.status === 'missing') return giveUp('sessionGone');
      turn = botTurnOf(ran);
      kept = { ...kept, turn: this.keep(kept.contactId, kept.sessionKey, turn) };
      await this.store.putPendingBotTurn(kept);
    }
    return this.sendKept(contact, kept, turn);
  }

  /**
   * The caller of a waiting contact (or of one held as `held`: a conversation with an agent)
   * accepted a callback: the contact closes (outcome `callback`) and a pending request keeps its
   * number, locale, reason and context. Null when the contact is no longer so (an agent took it, it was closed).
   */
  async callbackFrom(contactId: string, held?: HandoffExpectation, callAt?: string): Promise<{ request: CallbackRequest; contact: HandoffContact } | null> {
    const now = this.options.now();
    const contact = await this.change(contactId, held ?? ['waiting'], { status: 'closed', closedAt: now, outcome: 'callback' });
    if (!contact) return null;
    const request: CallbackRequest = {
      id: this.options.newId(),
      number: contact.callerNumber,
      queue: contact.queue,
      locale: contact.locale,
      reason: contact.reason,
      context: contact.context,
      requestedAt: now,
      status: 'pending',
      attempts: 0,
      contactId: contact.id,
      ...(callAt ? { callAt } : {}),
      updatedAt: now,
    };
    await this.store.putCallbackRequest(request);
    this.events.publish({ type: 'callback', id: request.id, queue: request.queue, status: request.status, at: now });
    await this.tell((o) => o.callbackChanged(request, 'requested'));
    this.log.info({ event: 'handoff.callbackRequested', contact: contact.id, callback: request.id, queue: request.queue, channel: contact.channel }, 'callback requested');
    return { request, contact };
  }

  /**
   * Tells every inbox, on every instance (a `callback` event with status `due`), of the pending
   * callbacks whose promised time (`callAt`) came after `since`, up to `now`: each inbox reads its
   * callbacks again and calls the agent as for a new contact, without a reload. The number told.
   */
  async announceDueCallbacks(since: Date, now: Date): Promise<number> {
    const [from, to] = [since.toISOString(), now.toISOString()];
    const due = (await this.store.listCallbackRequests({ statuses: ['pending'] })).filter((r) => r.callAt !== undefined && r.callAt > from && r.callAt <= to);
    for (const request of due) this.events.publish({ type: 'callback', id: request.id, queue: request.queue, status: 'due', at: to });
    return due.length;
  }

  /** Declining a callback: one priority step up (never below 0), same place by arrival. */
  private async keepWaiting(sessionKey: string): Promise<{ priority: number } | null> {
    const contact = await this.openContactOf(sessionKey);
    if (contact?.status !== 'waiting') return null;
    const priority = Math.max(0, contact.priority - 1);
    const changed = await this.change(contact.id, ['waiting'], { priority });
    if (!changed) return null;
    this.log.info({ event: 'handoff.keptWaiting', contact: contact.id, queue: contact.queue, priority }, 'caller declined the callback and keeps waiting');
    return { priority };
  }

  private async requested(record: SessionRecord, session: Session, effect: HandoffEffect): Promise<HandoffAdmission> {
    // A template filled in with what a caller typed can be any text: no queue an agent would see.
    if (!isQueueName(effect.queue)) {
      this.log.warn(
        { event: 'handoff.invalidQueue', flowId: session.flowId, node: effect.node, queueLength: effect.queue.length },
        'the handoff queue is no queue name (1 to 200 characters, no control characters)',
      );
      return { status: 'unavailable' };
    }
    const settings = await queueSettingsOf(this.store, effect.queue, this.options.defaultTimezone);
    const now = this.options.now();
    const open = isOpenAt(settings, new Date(now));
    // Closed: the flow's message, or (voice, when the queue says so) first the offer of a callback.
    const offerCallbackNow = !open && settings.whenClosed === 'callback' && session.channel === 'voice' && !effect.continueOn;
    if (!open && !offerCallbackNow) {
      this.log.info({ event: 'handoff.closed', queue: effect.queue, channel: session.channel }, 'handoff outside business hours');
      return { status: 'unavailable' };
    }
    if (effect.continueOn) return this.continueElsewhere(record, session, effect, settings);
    await this.queueContact(record, session, effect, settings);
    return { status: 'queued', callbackAfterSeconds: offerCallbackNow ? 0 : settings.callbackAfterSeconds, offerCallbackNow };
  }

  /**
   * The flow hands the contact over on another channel (`continueOn`): the conversation is
   * carried over to the caller's conversation there (same flow version and place), queued for
   * an agent on that channel, and opened with the node's message. `unavailable` when that cannot
   * be done: no binding of the flow on that channel, no sender, a number that is not E.164.
   */
  private async continueElsewhere(record: SessionRecord, session: Session, effect: HandoffEffect, settings: QueueSettings): Promise<HandoffAdmission> {
    const channel = effect.continueOn as Channel;
    const target = await this.conversationOn(channel, record, session);
    if ('problem' in target) {
      this.log.warn({ event: 'handoff.cannotContinue', channel, flowId: session.flowId, reason: target.problem }, 'cannot hand the contact over on the other channel');
      return { status: 'unavailable' };
    }
    const { key, binding, open } = target;
    const carried = await this.engine().carryOver(record, session, { key, channel, bindingId: binding.id });
    const contact = await this.queueContact(carried, carried.session, effect, settings);
    if (effect.message) {
      // Not awaited: the caller's turn must not wait for the other channel's API.
      open(targetOf(contact), effect.message, `open:${contact.id}`).catch((error: unknown) => {
        this.log.error({ event: 'handoff.openFailed', contact: contact.id, channel, err: { message: (error as Error).message } }, 'the conversation could not be opened on the other channel');
      });
    }
    return { status: 'continued' };
  }

  /**
   * The caller's conversation on `channel` for this flow and environment, when one can be
   * opened now: a sender that opens conversations, a binding of the flow there, an E.164 number,
   * and a way to reach the subscriber (WhatsApp: the 24-hour window, or an approved template).
   */
  private async conversationOn(
    channel: Channel,
    record: SessionRecord,
    session: Session,
  ): Promise<{ key: string; binding: Binding; open: NonNullable<AgentReplySender['openConversation']> } | { problem: string }> {
    const sender = this.senderFor(channel);
    const open = sender?.openConversation?.bind(sender);
    if (!sender || !open) return { problem: 'noChannel' };
    const number = session.caller.number;
    if (record.preview || !E164.test(number)) return { problem: 'noNumber' };
    const binding = (await this.store.listBindings()).find((b) => b.channel === channel && b.flowId === session.flowId && b.environment === record.environment);
    if (!binding) return { problem: 'noBinding' };
    const key = `${channel}:${binding.address}:${number.slice(1)}`;
    if (sender.canReach && !(await sender.canReach({ sessionKey: key }))) return { problem: 'unreachable' };
    return { key, binding, open };
  }

  /** A new waiting contact for the session (closing what a previous handoff of it left open). */
  private async queueContact(record: SessionRecord, session: Session, effect: HandoffEffect, settings: QueueSettings): Promise<HandoffContact> {
    const now = this.options.now();
    // A session handing over again (after a release) closes what it left open.
    const previous = await this.openContactOf(record.key);
    if (previous) await this.change(previous.id, OPEN, { status: 'closed', closedAt: now, outcome: 'replaced' });
    const profile = /^\+\d+$/.test(session.caller.number) ? await this.store.getCaller(session.caller.number) : null;
    // Which client (Teams, a web chat…) on a channel that carries several: the inbox names it.
    const platform = await this.senderFor(session.channel)
      ?.platformOf?.({ sessionKey: record.key })
      .catch(() => undefined);
    const contact: HandoffContact = {
      id: this.options.newId(),
      queue: effect.queue,
      priority: effect.priority,
      enqueuedAt: now,
      channel: session.channel,
      ...(platform ? { platform } : {}),
      // The account's name on the platform (WhatsApp's profile name): gone when the contact closes (maskClosedContacts).
      ...(record.callerName ? { callerName: record.callerName } : {}),
      sessionKey: record.key,
      callerNumber: effect.context.callerNumber,
      locale: effect.context.locale,
      reason: effect.reason,
      context: (await this.contextForAgents(record.key, session, effect)) as unknown as Record<string, JsonValue>,
      history: contactHistory(profile, settings.timezone),
      status: 'waiting',
      preview: record.preview,
      updatedAt: now,
    };
    await this.store.putHandoffContact(contact);
    this.publishContact(contact);
    await this.tell((o) => o.contactChanged(contact, { queued: true }));
    this.log.info({ event: 'handoff.queued', contact: contact.id, queue: contact.queue, priority: contact.priority, channel: contact.channel }, 'contact queued for an agent');
    return contact;
  }

  /**
   * The flow's context for agents without a variable holding one of the contact's sensitive values:
   * the flow already leaves out sensitive variables and their copies, this also a copy lint could
   * not see (a second look-up's whole answer kept in a plain variable, with the PUK in it); and in
   * a variable kept in clear, a value under a secret's key masked (`segment.pukCode`), the rest of it
   * readable, as the simulator shows the same context (maskSecretKeyed.ts).
   */
  private async contextForAgents(key: string, session: Session, effect: HandoffEffect): Promise<HandoffEffect['context']> {
    // Absent from a context a hook built by hand (or kept by an older version): nothing to look through.
    const given = (effect.context.variables ?? {}) as Record<string, JsonValue>;
    if (Object.keys(given).length === 0) return effect.context;
    const variables = maskSecretKeyedVars(given);
    const context = variables === given ? effect.context : { ...effect.context, variables };
    const values = await this.sensitiveValuesOf(key, [session]);
    const holders = holdersOf(variables, { values });
    if (holders.length === 0) return context;
    this.log.warn(
      { event: 'handoff.sensitiveContextDropped', flowId: session.flowId, node: effect.node, variables: holders },
      'variables holding a sensitive value of the contact are not handed to agents (mark them sensitive in the flow)',
    );
    return { ...context, variables: Object.fromEntries(Object.entries(variables).filter(([name]) => !holders.includes(name))) };
  }

  private async waitingEvent(record: SessionRecord, session: Session, event: FlowEvent): Promise<void> {
    const found = await this.openContactOf(record.key);
    if (!found) return;
    // The subscriber renamed their account meanwhile (WhatsApp's profile name): the inbox reads the new name.
    const contact = record.callerName && found.callerName !== record.callerName ? ((await this.change(found.id, OPEN, { callerName: record.callerName })) ?? found) : found;
    const text = messageText(event);
    if (text !== null) {
      const message = { id: this.options.newId(), contactId: contact.id, at: this.options.now(), from: 'subscriber' as const, text };
      await this.store.appendHandoffMessage(message);
      await this.maskIfClosedMeanwhile(contact.id, [session]);
      this.events.publish({ type: 'message', id: contact.id, queue: contact.queue, ...(contact.agent ? { agent: contact.agent } : {}), at: message.at });
      return;
    }
    // The caller accepted a callback on the channel (voice): the request keeps the contact's context.
    if (event.type === 'handoff' && event.outcome === 'callback' && contact.status === 'waiting' && (await this.callbackFrom(contact.id))) return;
    // The outcome came from the channel (a voice queue bridged or left) or the contact ended.
    const outcome = event.type === 'handoff' ? { done: 'served', unavailable: 'unavailable', callback: 'callback', continued: 'continued' }[event.outcome] : event.type === 'hangup' ? 'hangup' : null;
    if (outcome)
      await this.change(contact.id, OPEN, { status: 'closed', closedAt: this.options.now(), outcome: contact.status === 'waiting' && outcome === 'hangup' ? 'abandoned' : outcome }, [session]);
  }
}

/** What a channel reads of a turn (kept in the store while it waits for its channel); `status`: a turn that ends the conversation (the web chat then drops what it was told). */
function botTurnOf(turn: TurnOutput): BotTurn {
  return {
    effects: turn.effects,
    session: { flowId: turn.session.flowId, turns: turn.session.turns, status: turn.session.status },
    flow: turn.flow ? { locales: turn.flow.locales.map((l) => ({ code: l.code })) } : null,
  };
}

export function targetOf(contact: HandoffContact): ReplyTarget {
  return { sessionKey: contact.sessionKey, channel: contact.channel, callerNumber: contact.callerNumber, locale: contact.locale };
}
