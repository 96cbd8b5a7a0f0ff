import { createSession, step, type Channel, type Effect, type Flow, type FlowEvent, type HandoffEffect, type JsonValue, type Session } from '@griot/flows';
import type { Logger } from '../logger.ts';
import type { SessionRecord, Store } from '../store/types.ts';
import { normalizeNumber } from '../callers/normalizeNumber.ts';
import { CallerMemory } from '../callers/CallerMemory.ts';
import { maskInput } from '../transcripts/maskInput.ts';
import { createFlowResolver, type LoadFlow } from './flowResolver.ts';
import { KeyedQueue } from './KeyedQueue.ts';
import { PreviewLookups } from './PreviewLookups.ts';
import { LookupRunner, type Lookup } from './LookupRunner.ts';
import { TurnRecorder } from './TurnRecorder.ts';
import { resolveEntry } from './resolveEntry.ts';
import { logKeyOf } from './logKey.ts';
import { settleWithin } from './settleWithin.ts';
import { SessionVault } from '../sensitive/SessionVault.ts';
import { emptyTurn, type Conversation, type TurnSoFar } from './turnState.ts';
import type { ConversationServiceOptions, StartRequest, TurnOptions, TurnOutput, TurnResult } from './types.ts';

/** A look-up that outlived its turn's budget, and the turn that will follow it. */
interface PendingLookup {
  continuation: Promise<TurnResult>;
  session: Session;
  flow: Flow;
}

/** Answers feeding back into one turn: more than this means a flow looping on look-ups. */
const MAX_LOOKUPS_PER_TURN = 50;
/** A continuation nobody collected is dropped after this. */
const PENDING_KEPT_MS = 5 * 60 * 1000;

/**
 * The conversation engine: starts contacts on the right flow version, feeds each channel event
 * to the interpreter, performs look-ups, and saves the session, the transcript and the caller's
 * memory after every turn. Events for one session run strictly in order; sessions live in the
 * store, so any process (or the same one after a restart) can carry a conversation on.
 */
export class ConversationService {
  private readonly store: Store;
  private readonly log: Logger;
  private readonly loadFlow: LoadFlow;
  private readonly memory: CallerMemory;
  private readonly queue = new KeyedQueue();
  private readonly pending = new Map<string, PendingLookup>();
  private readonly previews = new PreviewLookups();
  private readonly lookups: LookupRunner;
  private readonly recorder: TurnRecorder;
  private readonly vault: SessionVault;

  constructor(private readonly options: ConversationServiceOptions) {
    this.store = options.store;
    this.log = options.logger.child({ component: 'conversations' });
    this.loadFlow = options.loadFlow ?? createFlowResolver(options.store);
    this.memory = new CallerMemory(options.store);
    this.lookups = new LookupRunner(this.previews, options, this.log);
    this.vault = options.vault ?? new SessionVault(undefined, this.log);
    this.recorder = new TurnRecorder({ store: this.store, memory: this.memory, previews: this.previews, log: this.log, clock: options.clock, sessionTtlMinutes: options.sessionTtlMinutes, handoffs: options.handoffs, vault: this.vault });
  }

  /** Starts a contact (replacing any session under the same key) and runs it to its first wait. */
  start(request: StartRequest): Promise<TurnOutput> {
    return this.queue.run<TurnOutput>(request.key, async (reply) => {
      this.pending.delete(request.key);
      const number = normalizeNumber(request.callerNumber, this.options.defaultRegion);
      const entry = await resolveEntry(this.store, this.loadFlow, request.flow, number, this.options.defaultRegion);
      // A channel starting over on a key still in use (a WhatsApp number writing again) closes that contact first.
      const previous = await this.load(request.key);
      if (previous) await this.stop(previous, 'replaced');
      const profile = number ? await this.memory.recall(number, request.preview) : null;
      const callerNumber = number ?? request.callerNumber.trim().slice(0, 32);
      const locale = request.locale ?? entry.locale;
      const session: Session = createSession(entry.flow, {
        channel: request.channel,
        caller: this.memory.callerInfo(callerNumber, profile, entry.isTester),
        flowVersion: entry.version,
        ...(locale ? { locale } : {}),
      });
      session.vars = this.memory.preloadVariables(entry.flow, profile);
      const now = this.options.clock();
      const record: SessionRecord = {
        key: request.key,
        session,
        bindingId: entry.bindingId,
        environment: entry.environment,
        preview: request.preview,
        createdAt: now.toISOString(),
        updatedAt: now.toISOString(),
        expiresAt: this.recorder.expiry(now).toISOString(),
      };
      if (request.preview) this.previews.set(request.key, request.fixtures ?? {}, request.useBackend ?? false, this.recorder.expiry(now), now);
      const newTranscript: Conversation['newTranscript'] = {
        sessionKey: record.key,
        flowId: entry.flowId,
        flowVersion: entry.version,
        channel: request.channel,
        callerNumber,
        preview: request.preview,
        startedAt: record.createdAt,
      };
      // The channel used last is known now, and saved with the first turn: waiting for the end would lose it when a chat just goes quiet and expires.
      const callerChanges = number && profile?.lastChannel !== request.channel ? { lastChannel: request.channel } : undefined;
      this.log.info(
        { event: 'conversation.start', session: logKeyOf(request.key), flowId: entry.flowId, version: entry.version, environment: entry.environment, channel: request.channel, preview: request.preview, tester: entry.isTester, knownCaller: profile !== null },
        'conversation started',
      );
      return this.advance({ record, flow: entry.flow, newTranscript, ...(callerChanges ? { callerChanges } : {}) }, { type: 'start' }, request.webhookBudgetMs, reply);
    });
  }

  /** Feeds one channel event to the session under `key`, after any event still running for it. */
  handle(key: string, event: FlowEvent, options: TurnOptions = {}): Promise<TurnResult> {
    return this.queue.run<TurnResult>(key, async (reply) => {
      // A continuation nobody collected is stale once the caller has moved on.
      this.pending.delete(key);
      const conversation = await this.load(key);
      if (!conversation) return { status: 'missing' };
      if (conversation.record.session.status === 'ended') return this.output(conversation, conversation.record.session, emptyTurn());
      return this.advance(conversation, event, options.webhookBudgetMs, reply);
    });
  }

  /**
   * The turn that follows a look-up which outlived its budget, once it is done (at most
   * `maxWaitMs`; still running → `pendingWebhook: true` and no effects). Null when none runs.
   */
  async awaitPending(key: string, maxWaitMs: number): Promise<TurnResult | null> {
    const entry = this.pending.get(key);
    if (!entry) return null;
    const settled = await settleWithin(entry.continuation, maxWaitMs);
    if (!settled.done) {
      return { status: 'ok', session: entry.session, flow: entry.flow, ...emptyTurn(), pendingWebhook: true };
    }
    if (this.pending.get(key) === entry) this.pending.delete(key);
    return settled.value;
  }

  /** Hang-up or status hook: closes the session, its transcript, and records the contact. */
  end(key: string, reason: string): Promise<TurnResult> {
    return this.queue.run<TurnResult>(key, async () => {
      this.pending.delete(key);
      const conversation = await this.load(key);
      if (!conversation) return { status: 'missing' };
      return this.stop(conversation, reason);
    });
  }

  /**
   * Carries a session waiting for an agent over to another channel's conversation under
   * `target.key` (a voice caller whom an agent answers on WhatsApp): same flow version,
   * variables and place, so the agent's release resumes the flow there. A contact still open
   * under that key is closed first. Called from the handoff hook, inside the original turn.
   */
  carryOver(from: SessionRecord, current: Session, target: { key: string; channel: Channel; bindingId: string }): Promise<SessionRecord> {
    return this.queue.run<SessionRecord>(target.key, async () => {
      this.pending.delete(target.key);
      const previous = await this.load(target.key);
      if (previous) await this.stop(previous, 'replaced');
      const now = this.options.clock();
      const session: Session = { ...structuredClone(current), channel: target.channel };
      const record: SessionRecord = {
        key: target.key, session, bindingId: target.bindingId, environment: from.environment, preview: false,
        createdAt: now.toISOString(), updatedAt: now.toISOString(), expiresAt: this.recorder.expiry(now).toISOString(),
      };
      const flow = await this.loadFlow(session.flowId, session.flowVersion === null ? 'draft' : { version: session.flowVersion });
      if (!flow) throw new Error(`the flow ${session.flowId} of a session carried over is gone`);
      await this.store.putSession(this.vault.seal(flow.flow, record));
      await this.store.startTranscript({
        sessionKey: record.key, flowId: session.flowId, flowVersion: session.flowVersion, channel: target.channel,
        callerNumber: session.caller.number, preview: false, startedAt: record.createdAt, turns: [],
      });
      this.log.info({ event: 'conversation.carriedOver', from: logKeyOf(from.key), session: logKeyOf(record.key), channel: target.channel, flowId: session.flowId }, 'conversation carried over to another channel');
      return record;
    });
  }

  /** Whether the conversation waits for (or is with) an agent: the agent, not the channel's inactivity, closes it. */
  async waitsForAgent(key: string): Promise<boolean> {
    return (await this.store.getSession(key, this.options.clock().toISOString()))?.session.status === 'handoff';
  }

  /** A caller offered a callback keeps waiting for an agent: one priority step up (null: no waiting contact). */
  async keepWaiting(key: string): Promise<{ priority: number } | null> {
    return (await this.options.handoffs?.keepWaiting(key)) ?? null;
  }

  /** The stored session and its flow, without queueing (for showing state). */
  async peek(key: string): Promise<Conversation | null> {
    return this.load(key);
  }

  /** Resolves when no event is being processed (tests, graceful shutdown). */
  idle(): Promise<void> {
    return this.queue.idle();
  }

  /** Ends a running contact: the session is kept (ended) until it expires, so late events get `ended`. */
  private async stop(conversation: Conversation, reason: string): Promise<TurnOutput> {
    const before = conversation.record.session;
    if (before.status === 'ended') return this.output(conversation, before, emptyTurn());
    const began = performance.now();
    await this.tellHandoffs(conversation, before, { type: 'hangup' });
    const result = step(conversation.flow, before, { type: 'hangup' });
    // A contact that never started stays `abandoned`; otherwise the channel's reason says why it stopped.
    const after: Session = { ...result.session, endReason: result.session.endReason === 'abandoned' ? 'abandoned' : reason };
    const turn: TurnSoFar = { effects: result.effects, issues: result.issues, trace: result.trace };
    await this.recorder.record(conversation, before, after, { type: 'hangup' }, { type: 'end', reason }, turn, began);
    return this.output(conversation, after, turn);
  }

  /**
   * Steps the flow from `event` until it waits for the caller or an agent, or ends, answering
   * look-ups on the way. With a budget, a slow look-up makes the turn answer early (`reply`)
   * while the rest of the turn goes on, holding the session's queue until it is done.
   */
  private async advance(
    conversation: Conversation,
    event: FlowEvent,
    budgetMs: number | undefined,
    reply: (early: TurnOutput) => void,
  ): Promise<TurnOutput> {
    const began = performance.now();
    const before = conversation.record.session;
    const input = maskInput(conversation.flow, before.wait?.node, event);
    const turn = emptyTurn();
    let session = before;
    let next: FlowEvent | undefined = event;
    await this.tellHandoffs(conversation, before, event);
    const interrupted = this.lookups.interrupted(before, event);
    if (interrupted) {
      // Only a restart leaves a session waiting for an answer nobody is fetching: fail it rather than strand the caller.
      const node = before.wait?.node;
      turn.issues.push({ severity: 'warning', code: 'lookup.interrupted', message: `the ${before.wait?.for} answer at ${node} was lost; it counts as failed`, ...(node ? { node } : {}) });
      next = interrupted;
    }
    for (let answered = 0; next; answered += 1) {
      const result = step(conversation.flow, session, next);
      session = result.session;
      turn.effects.push(...result.effects);
      turn.issues.push(...result.issues);
      turn.trace.nodes.push(...result.trace.nodes);
      turn.trace.edges.push(...result.trace.edges);
      next = undefined;
      const handoffAnswer = await this.admitHandoff(conversation, session, result.effects, turn);
      if (handoffAnswer) {
        next = handoffAnswer;
        continue;
      }
      const lookup = this.lookups.start(conversation.record, session, result.effects, turn);
      if (!lookup) break;
      if (answered >= MAX_LOOKUPS_PER_TURN) {
        turn.issues.push({ severity: 'error', code: 'lookup.loop', message: `more than ${MAX_LOOKUPS_PER_TURN} look-ups in one turn`, node: lookup.request.node });
        next = this.lookups.failure(lookup.request, 'too many look-ups in one turn');
        continue;
      }
      if (budgetMs === undefined) {
        next = await lookup.answer;
        continue;
      }
      const settled = await settleWithin(lookup.answer, budgetMs - (performance.now() - began));
      if (settled.done) {
        next = settled.value;
        continue;
      }
      return this.answerEarly(conversation, before, session, event, input, turn, began, lookup, reply);
    }
    await this.recorder.record(conversation, before, session, event, input, turn, began);
    return this.output(conversation, session, turn);
  }

  /** Answers the channel now (with the wait prompt), then finishes the turn when the look-up or model does. */
  private async answerEarly(
    conversation: Conversation,
    before: Session,
    waiting: Session,
    event: FlowEvent,
    input: JsonValue,
    turn: TurnSoFar,
    began: number,
    lookup: Lookup,
    reply: (early: TurnOutput) => void,
  ): Promise<TurnOutput> {
    if (lookup.request.type === 'webhook' && lookup.request.waitPrompt) turn.effects.push(lookup.request.waitPrompt);
    await this.recorder.record(conversation, before, waiting, event, input, turn, began);
    const key = conversation.record.key;
    const continuation = lookup.answer.then((answer) => this.advance(conversation, answer, undefined, () => {}));
    const entry: PendingLookup = { continuation, session: waiting, flow: conversation.flow };
    this.pending.set(key, entry);
    reply({ ...this.output(conversation, waiting, turn), pendingWebhook: true });
    try {
      return await continuation;
    } catch (error) {
      this.log.error({ event: 'conversation.failed', session: logKeyOf(key), node: lookup.request.node, err: { message: (error as Error).message } }, 'turn after a slow look-up failed');
      throw error;
    } finally {
      setTimeout(() => {
        if (this.pending.get(key) === entry) this.pending.delete(key);
      }, PENDING_KEPT_MS).unref();
    }
  }

  /** A handoff the step asked for goes to the agent queues; closed hours answer `unavailable` in the same turn. */
  private async admitHandoff(conversation: Conversation, session: Session, effects: Effect[], turn: TurnSoFar): Promise<FlowEvent | null> {
    const hooks = this.options.handoffs;
    if (!hooks || conversation.record.preview || session.wait?.for !== 'handoff') return null;
    const request = effects.find((e): e is HandoffEffect => e.type === 'handoff');
    if (!request) return null;
    const admission = await hooks.requested(conversation.record, session, request);
    if (admission.status === 'queued') {
      turn.queued = { callbackAfterSeconds: admission.callbackAfterSeconds, offerCallbackNow: admission.offerCallbackNow };
      return null;
    }
    // The channel must not put the caller in a queue nobody serves here (closed, or served on another channel).
    turn.effects.splice(turn.effects.indexOf(request), 1);
    return { type: 'handoff', outcome: admission.status };
  }

  private async tellHandoffs(conversation: Conversation, before: Session, event: FlowEvent): Promise<void> {
    const hooks = this.options.handoffs;
    if (hooks && !conversation.record.preview && before.wait?.for === 'handoff') await hooks.waitingEvent(conversation.record, before, event);
  }

  private async load(key: string): Promise<Conversation | null> {
    const stored = await this.store.getSession(key, this.options.clock().toISOString());
    if (!stored) {
      this.previews.delete(key);
      return null;
    }
    const { flowId, flowVersion } = stored.session;
    const resolved = await this.loadFlow(flowId, flowVersion === null ? 'draft' : { version: flowVersion });
    if (!resolved) {
      this.log.warn({ event: 'conversation.flowGone', session: logKeyOf(key), flowId, version: flowVersion }, 'the flow of a running session is gone');
      return null;
    }
    return { record: this.vault.open(stored), flow: resolved.flow };
  }

  private output(conversation: Conversation, session: Session, turn: TurnSoFar): TurnOutput {
    return {
      status: session.status === 'ended' ? 'ended' : 'ok', session, effects: turn.effects, issues: turn.issues, trace: turn.trace, flow: conversation.flow,
      ...(turn.queued ? { queued: turn.queued } : {}),
      ...(turn.lookups ? { lookups: turn.lookups } : {}),
    };
  }
}
