import { z } from 'zod';
import type { FlowEvent } from '@griot/flows';
import { BindingCache } from './bindingCache.ts';
import { acceptsCallback, offerAfterLeaving, offerDue, renderRequeue } from './callbackOffer.ts';
import { callAddress } from './callAddress.ts';
import { CallState, readCallState } from './callState.ts';
import { StoreFailureLog } from '../channel/StoreFailureLog.ts';
import { silentLogger, type ChannelLogger } from '../channel/ChannelLogger.ts';
import type { ChannelBinding, ConversationTurn } from '../channel/ConversationPort.ts';
import { gatherToEvent } from './gatherToEvent.ts';
import { HookDeadlines } from './hookDeadlines.ts';
import { hookUrls, type HookUrls } from './hooks.ts';
import { CallHookRead, ContinuePayload, DialActionPayload, GatherRead, QueueActionPayload, QueueWaitPayload, StatusRead, type CallInfo } from './inbound.ts';
import { renderApology } from './renderApology.ts';
import { renderQueueWait } from './renderQueueWait.ts';
import { continuesCall, renderTurn } from './renderTurn.ts';
import { sayText } from './renderPrompts.ts';
import { synthesizerFor } from './speechConfig.ts';
import { parseVoiceSettings, type VoiceSettings } from '@griot/flows';
import { voiceTexts } from './voiceTexts.ts';
import type { Verb } from './verbs.ts';
import type { Continuation, HookRequest, VoiceDeps, VoiceReply } from './voiceDeps.ts';

export type { Continuation, HookRequest, Transport, VoiceDeps, VoiceReply } from './voiceDeps.ts';

/** Beyond this many fillers the look-up is given up (the engine's own timeout should come first). */
export const MAX_CONTINUE_ROUNDS = 4;

/*
 * The hooks every call sends and its speech defaults, read with parsers zod's own compiler
 * (`z.compile`, zod 4.6) generates once for each schema: zod's generic parser goes megamorphic in
 * the running server (20–40 µs a hook at p50, issue 17, one call at a time, against a few µs in a
 * tight loop), where a generated parser is code of its own. Same results and same refusals: a
 * value the generated code cannot decide goes to zod's runtime parser. In a tight loop (Node
 * 20.20, shared 2-core machine), µs per parse: call hook 1.42 (generic 2.73), gather with digits
 * 0.39 (1.05), call state 0.29 (0.67). `compiledHookSchemas.test.ts` holds them to zod's generic
 * parse and checks they really compile.
 */
export const compiledCallHook = z.compile(CallHookRead);
export const compiledGather = z.compile(GatherRead);
export const compiledStatus = z.compile(StatusRead);
export const compiledCallDefaults = z.compile(CallState.shape.defaults);

/** The final statuses of a call, as the reason its conversation ends. */
const END_REASONS = new Map<StatusRead['call_status'], string>([
  ['completed', 'hangup'],
  ['failed', 'failed'],
  ['no-answer', 'noAnswer'],
  ['busy', 'busy'],
]);

/** The hooks that answer the turn whose verbs asked for them: checked against the session's turn (`turn` in the call's state). */
const ANSWERS_A_TURN = new Set<HookRequest['hook']>(['gather', 'queueAction', 'dialAction', 'callbackOffer']);

interface CallContext {
  info: CallInfo;
  state: CallState | undefined;
  settings: VoiceSettings;
  request: HookRequest;
}

/**
 * The one turn handler both transports share: a jambonz hook in, verbs out. It parses the
 * payload, turns it into a flow event, asks the engine, and renders the turn. Every failure that
 * is not a malformed payload becomes a spoken apology and a hangup, with the reason logged.
 */
export class VoiceCallHandler {
  private readonly log: ChannelLogger;
  /** Turns that failed because the store did: said once a minute per cause code, counted. */
  private readonly storeFailures: StoreFailureLog;
  private readonly bindings: BindingCache;
  /**
   * call_sid → the answer to its call hook, until the call's final status: jambonz retries a call
   * hook whose answer it did not get (`#rc=` on the application's URL), and a retry must get the
   * same answer, not a second start that would close the first contact as replaced.
   */
  private readonly firstAnswers = new Map<string, Promise<VoiceReply>>();
  /** The hooks waiting for their answer, by deadline length (one per transport). */
  private readonly deadlines = new Map<number, HookDeadlines>();
  /** The action hooks written into verbs, per transport, and the last audio base: built once, not per turn. */
  private readonly hooks: Partial<Record<HookRequest['transport'], HookUrls>> = {};
  private audio = { from: '', base: '/audio' };

  constructor(readonly deps: VoiceDeps) {
    this.log = deps.logger ?? silentLogger;
    this.storeFailures = new StoreFailureLog(deps.conversations, 'voice', this.log);
    this.bindings = new BindingCache((address) => this.deps.bindings.findBinding('voice', address), deps.bindingCacheMs ?? 5000);
  }

  /** A binding changed (on any instance): the next hook of each call reads its binding again. */
  forgetBindings(): void {
    this.bindings.clear();
  }

  /**
   * `handle`, but never later than `deadlineMs`: jambonz gives up on a webhook after 10 s and on a
   * WebSocket ack after 5 s, hanging up in silence. Past the deadline the caller hears an
   * apology instead (the turn itself still completes in the engine).
   */
  handleWithin(request: HookRequest, deadlineMs: number): Promise<VoiceReply> {
    // One promise settled by whichever comes first (no Promise.race, no async frame): this runs
    // for every hook, and its objects live as long as the turn (issue 17's allocation profile).
    let deadlines = this.deadlines.get(deadlineMs);
    if (!deadlines) this.deadlines.set(deadlineMs, (deadlines = new HookDeadlines(deadlineMs)));
    const waiting = deadlines;
    return new Promise<VoiceReply>((resolve, reject) => {
      // Started first: should it throw, this promise rejects with no deadline left waiting.
      const reply = this.handle(request);
      const pending = waiting.wait(() => {
        const info = (request.payload ?? {}) as Partial<CallInfo>;
        const state = readCallState(info.customerData, info.call_sid);
        const session = state?.session ?? `voice:${info.call_sid}`;
        this.log.error({ hook: request.hook, callSid: info.call_sid, transcript: session, deadlineMs, reason: 'deadline' }, 'voice: no answer in time, apologising');
        // The apology hangs up: the contact ends on the error once the stuck turn is done (the key's queue), not as a hang-up.
        if (request.hook !== 'status' && info.call_sid) this.endOnError(info.call_sid, session, 'deadline');
        resolve({ kind: 'verbs', verbs: this.apology(state, undefined) });
      });
      reply.then(
        (answer) => {
          waiting.answered(pending);
          resolve(answer);
        },
        (error: unknown) => {
          waiting.answered(pending);
          reject(error);
        },
      );
    });
  }

  /** The hook's reply; never rejects for a turn that failed (that is an apology). */
  handle(request: HookRequest): Promise<VoiceReply> {
    switch (request.hook) {
      case 'call':
        return this.parsed(compiledCallHook, request, (p) => this.callOnce(p, request));
      case 'gather':
        return this.parsed(compiledGather, request, (p) => this.turn(p, request, () => gatherToEvent(p)));
      case 'continue':
        return this.parsed(ContinuePayload, request, (p) => this.continueLookup(p, request));
      case 'queueWait':
        return this.parsed(QueueWaitPayload, request, async (p) => this.queueWait(p));
      case 'queueAction':
        return this.parsed(QueueActionPayload, request, (p) => this.queueResult(p, request));
      case 'dialAction':
        return this.parsed(DialActionPayload, request, (p) => this.dialResult(p, request));
      case 'callbackOffer':
        return this.parsed(compiledGather, request, (p) => this.callbackAnswer(p, request));
      case 'status':
        return this.parsed(compiledStatus, request, (p) => this.status(p));
    }
  }

  // Neither this nor `handle` is an async function: a hook's reply is the turn's own promise
  // (with the apology as its catch), not one more promise wrapped around it at each level.
  private parsed<S extends z.ZodType>(schema: S, request: HookRequest, run: (payload: z.infer<S>) => Promise<VoiceReply>): Promise<VoiceReply> {
    const parsed = schema.safeParse(request.payload);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const message = `${issue?.path.join('.') || 'payload'}: ${issue?.message ?? 'invalid'}`;
      this.log.warn({ hook: request.hook, transport: request.transport, problem: message }, 'voice: malformed jambonz payload');
      return Promise.resolve({ kind: 'invalid', message });
    }
    const payload = parsed.data;
    const failed = (error: unknown): VoiceReply => {
      const info = payload as CallInfo;
      const state = readCallState(info.customerData, info.call_sid);
      const session = state?.session ?? `voice:${info.call_sid}`;
      // The store failing (a full disk, MongoDB gone) is operations', said by its code; anything else is a bug, with its stack.
      const storeCause = this.storeFailures.failed(error, { hook: request.hook, callSid: info.call_sid }, 'voice: a turn failed, apologising and hanging up');
      if (!storeCause) this.log.error({ hook: request.hook, callSid: info.call_sid, transcript: session, err: error }, 'voice: internal error, apologising');
      // The apology hangs up: the contact ends on the error, not as a caller's hang-up (the status hook's close then finds it ended).
      if (request.hook !== 'status') this.endOnError(info.call_sid, session, storeCause ? 'storeUnavailable' : 'internalError');
      return { kind: 'verbs', verbs: this.apology(state, undefined) };
    };
    try {
      return run(payload).catch(failed);
    } catch (error) {
      return Promise.resolve(failed(error));
    }
  }

  /** Starts a call once: the same call hook again (a retry) gets the first answer. */
  private callOnce(payload: CallHookRead, request: HookRequest): Promise<VoiceReply> {
    const known = this.firstAnswers.get(payload.call_sid);
    if (known) {
      this.log.info({ callSid: payload.call_sid, transport: request.transport, reason: 'callHookAgain' }, 'voice: the call hook came again, answering as the first time');
      return known;
    }
    const answer = this.callStarted(payload, request);
    // Bounded: calls whose final status never comes must not grow it without end.
    if (this.firstAnswers.size >= 50_000) this.firstAnswers.clear();
    this.firstAnswers.set(payload.call_sid, answer);
    return answer;
  }

  private async callStarted(payload: CallHookRead, request: HookRequest): Promise<VoiceReply> {
    const key = `voice:${payload.call_sid}`;
    const readDefaults = compiledCallDefaults.safeParse({
      ...(payload.defaults?.synthesizer ? { tts: speechDefault(payload.defaults.synthesizer) } : {}),
      ...(payload.defaults?.recognizer ? { asr: speechDefault(payload.defaults.recognizer) } : {}),
    });
    if (!readDefaults.success) throw readDefaults.error;
    const defaults = readDefaults.data;
    // The binding remembered here, if any: the start reads it again by id with the flow's entry
    // (one read). None remembered, or one known to be gone (below), is read from the store: a number
    // bound, unbound or rebound on another instance reaches this call at once, not when that
    // instance's event arrives (every 2 s on an idle instance).
    const remembered = this.bindings.fresh(payload.to);
    const binding = remembered ?? (await this.bindings.read(payload.to));
    const base: CallState = { v: 1, session: key, locale: this.deps.defaultLocale ?? 'fr', defaults };
    if (!binding) {
      const to = callAddress(payload.to);
      this.log.warn(
        { event: 'voice.unboundNumber', callSid: payload.call_sid, to, reason: 'unknownNumber' },
        `voice: a call to ${to} got the apology and ended: no binding for this number. Bind it (designer: Administration → Raccordements, voice, called number ${to}) or check the number jambonz sends as "to"`,
      );
      return { kind: 'verbs', verbs: this.apology(base, undefined) };
    }
    let { settings, state } = this.callSettings(binding, base);
    let turn: ConversationTurn;
    try {
      const started = await this.startCall(key, binding, payload, remembered !== undefined);
      turn = started.turn;
      if (started.binding !== binding) ({ settings, state } = this.callSettings(started.binding, base));
    } catch (error) {
      // Nothing published for this number (or the engine failed): say so in the binding's language.
      const code = (error as { code?: unknown }).code;
      if (this.storeFailures.failed(error, { hook: 'call', callSid: payload.call_sid, binding: binding.id }, 'voice: a call could not start, apologising and hanging up')) {
        return { kind: 'verbs', verbs: this.apology(state, settings) };
      }
      const reason = code === 'flow_not_runnable' || code === 'binding_not_found' ? 'noPublishedVersion' : 'internalError';
      const details = { callSid: payload.call_sid, binding: binding.id, reason, ...(reason === 'internalError' ? { err: error } : { code }) };
      if (reason === 'internalError') this.log.error(details, 'voice: could not start the conversation');
      else this.log.warn(details, 'voice: nothing to run for this number');
      return { kind: 'verbs', verbs: this.apology(state, settings) };
    }
    const call: CallContext = { info: payload, state, settings, request };
    if (turn.replayed) return this.replayed(payload, request, undefined);
    if (turn.status === 'missing') {
      this.log.warn({ callSid: payload.call_sid, binding: binding.id, reason: 'noPublishedVersion' }, 'voice: nothing to run for this number');
      return { kind: 'verbs', verbs: this.apology(state, settings) };
    }
    return this.render(turn, call, true);
  }

  /**
   * Starts the call's contact on `binding`. A binding this instance remembered and the store no
   * longer has (deleted, the number bound anew on another instance whose event has not come yet)
   * is read again by the called number, and the call starts on what the store holds now.
   */
  private async startCall(key: string, binding: ChannelBinding, payload: CallHookRead, remembered: boolean): Promise<{ turn: ConversationTurn; binding: ChannelBinding }> {
    const start = async (on: ChannelBinding) => ({
      binding: on,
      turn: await this.deps.conversations.start({
        key,
        // A call's sid names no earlier contact.
        newKey: true,
        // One contact per call: the call hook again on another instance (a replay) must not replace the live one.
        onlyNew: true,
        channel: 'voice',
        flow: { bindingId: on.id },
        callerNumber: callAddress(payload.from),
        preview: false,
        webhookBudgetMs: this.budget(),
      }),
    });
    if (!remembered) return start(binding);
    try {
      return await start(binding);
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'binding_not_found') throw error;
      const now = await this.bindings.read(payload.to);
      if (!now || now.id === binding.id) throw error;
      return start(now);
    }
  }

  /** A call's settings and first state on `binding` (its language, its flow). */
  private callSettings(binding: ChannelBinding, base: CallState): { settings: VoiceSettings; state: CallState } {
    const { settings, problems } = parseVoiceSettings(binding.settings);
    if (problems.length > 0) this.log.warn({ binding: binding.id, problems }, 'voice: ignored part of the binding settings');
    return { settings, state: { ...base, binding: binding.id, flow: binding.flowId, locale: settings.locale ?? base.locale } };
  }

  /** Delivers a flow event for a call Griot already answers, and renders what follows. */
  private async turn(payload: CallInfo, request: HookRequest, event: () => FlowEvent): Promise<VoiceReply> {
    const context = this.callContext(payload, request);
    const call = context instanceof Promise ? await context : context;
    if (!call.state) return this.lostCall(call);
    // A gather, a queue's or a dial's end, an answer to the callback offer: each answers the turn that rendered its
    // verb (its number in the signed customerData), once, on any instance. Sent again once the call is past it, it
    // would run a handoff's outcome at the node the call waits at now (a menu), and the caller's next key be refused.
    const expected = ANSWERS_A_TURN.has(request.hook) ? call.state.turn : undefined;
    const turn = await this.deps.conversations.handle(call.state.session, event(), expected === undefined ? { webhookBudgetMs: this.budget() } : { webhookBudgetMs: this.budget(), turn: expected });
    if (turn.replayed) return this.replayed(payload, request, expected);
    return this.render(turn, call, false);
  }

  /**
   * A hook for a turn already taken: the same call hook on an instance that did not answer it
   * first, a gather the call is past. jambonz sends neither twice (its retries are for answers it
   * never got, and reach the call hook's first answer on the instance that gave it): this is a
   * signed webhook replayed within the signature's tolerance. Refused, nothing run, said.
   */
  private replayed(info: CallInfo, request: HookRequest, turn: number | undefined): VoiceReply {
    this.log.warn(
      { hook: request.hook, transport: request.transport, callSid: info.call_sid, turn, reason: 'hookReplayed' },
      'voice: refused a jambonz hook for a turn already taken (a replayed webhook)',
    );
    return { kind: 'replayed', message: request.hook === 'call' ? 'this call has started already' : 'this hook answers a turn the call is past' };
  }

  private async continueLookup(payload: CallInfo, request: HookRequest): Promise<VoiceReply> {
    const call = await this.callContext(payload, request);
    if (!call.state) return this.lostCall(call);
    const round = request.round ?? 1;
    const key = call.state.session;
    const awaited = await this.deps.conversations.awaitPending(key, this.deps.continueWaitMs ?? 8000);
    if (!awaited) {
      // No look-up runs here (a restart, another instance, a repeated hook): the engine fails an
      // interrupted look-up into its error branch, or the node waiting now asks again.
      // Only for the turn that rendered the wait prompt (its number in the signed customerData): a redirect sent
      // again once the look-up's answer was delivered would run the next node's silence on the live call (a menu's
      // « bye »), and its next gather would then be refused.
      this.log.info({ callSid: payload.call_sid, reason: 'nothingPending' }, 'voice: continuation without a running look-up');
      const expected = call.state.turn;
      const turn = await this.deps.conversations.handle(key, { type: 'noInput' }, expected === undefined ? { webhookBudgetMs: this.budget() } : { webhookBudgetMs: this.budget(), turn: expected });
      if (turn.replayed) return this.replayed(payload, request, expected);
      return this.render(turn, call, false);
    }
    const turn = awaited;
    if (turn.pendingWebhook && turn.session?.status !== 'ended') {
      if (round >= MAX_CONTINUE_ROUNDS) {
        this.log.error({ callSid: payload.call_sid, rounds: round, reason: 'lookupTooSlow' }, 'voice: look-up still running, giving up');
        return { kind: 'verbs', verbs: this.apology(call.state, call.settings) };
      }
      const speak = call.state.speak;
      const filler: Verb = { verb: 'say', text: sayText(voiceTexts(speak?.locale ?? call.state.locale).stillWaiting), ...(speak?.synthesizer ? { synthesizer: speak.synthesizer } : {}) };
      return { kind: 'verbs', verbs: [filler], continuation: continuationOf(payload, payload.customerData ?? {}, round + 1) };
    }
    return this.render(turn, call, false);
  }

  private async queueWait(payload: QueueWaitPayload): Promise<VoiceReply> {
    const state = readCallState(payload.customerData, payload.call_sid);
    return { kind: 'verbs', verbs: renderQueueWait({ queuePosition: payload.queue_position, queueTime: payload.queue_time, state }) };
  }

  private async queueResult(payload: QueueActionPayload, request: HookRequest): Promise<VoiceReply> {
    if (payload.queue_result === 'hangup') return this.callGone(payload, 'hangup');
    const state = readCallState(payload.customerData, payload.call_sid);
    if (payload.queue_result === 'leave' && state?.queue) {
      // Left at the callback threshold (not at the longest wait): offer the callback.
      const waited = (payload.queue_time ?? state.queue.callbackAfterSeconds ?? 0) + (state.queue.waitedSeconds ?? 0);
      if (offerDue(state.queue, waited)) {
        this.log.info({ callSid: payload.call_sid, queue: state.queue.name, waitedSeconds: waited }, 'voice: offering a callback');
        const hooks = this.hooksFor(request.transport);
        return { kind: 'verbs', verbs: offerAfterLeaving({ ...state, queue: state.queue }, waited, payload.customerData, hooks) };
      }
    }
    const outcome = payload.queue_result === 'bridged' ? 'done' : 'unavailable';
    return this.turn(payload, request, () => ({ type: 'handoff', outcome }));
  }

  /**
   * The answer to the callback offer. Accepted: the flow goes on from the handoff's `callback`
   * output (the agent queues store the request with the contact's context). Declined or silent:
   * back in the queue one priority step up, or, when the queue is closed, the flow's `unavailable`.
   */
  private async callbackAnswer(payload: GatherRead, request: HookRequest): Promise<VoiceReply> {
    const call = await this.callContext(payload, request);
    const state = call.state;
    if (!state?.queue) return this.lostCall(call);
    const queue = state.queue;
    const accepted = acceptsCallback(payload, state.speak?.locale ?? state.locale);
    this.log.info({ callSid: payload.call_sid, queue: queue.name, accepted, closed: queue.closed === true }, 'voice: callback offer answered');
    if (accepted) return this.turn(payload, request, () => ({ type: 'handoff', outcome: 'callback' }));
    if (queue.closed) return this.turn(payload, request, () => ({ type: 'handoff', outcome: 'unavailable' }));
    const kept = await this.deps.conversations.keepWaiting?.(state.session);
    const priority = kept?.priority ?? Math.max(0, (queue.priority ?? 999) - 1);
    const hooks = this.hooksFor(request.transport);
    return { kind: 'verbs', verbs: renderRequeue({ ...state, queue }, priority, payload.customerData, hooks) };
  }

  private async dialResult(payload: DialActionPayload, request: HookRequest): Promise<VoiceReply> {
    if (payload.call_status === 'completed') return this.callGone(payload, 'hangup');
    const outcome = payload.dial_call_status === 'completed' ? 'done' : 'unavailable';
    return this.turn(payload, request, () => ({ type: 'handoff', outcome }));
  }

  /**
   * The call status hook answered at once, before it is handled, when the answer is all it owes
   * (true: answer 204 now). A status that closes nothing (a call ringing, answered; an outbound
   * leg's end), or the final status of a contact this instance's last turn already ended and saved
   * (the IVR's goodbye: `endsQuietly`), whose close is then only the check against the store,
   * run after the answer as `answerFirst` runs it. False, and the usual way, for a payload that
   * does not read (its 400) and for a status that ends a call in mid-flow (a caller hanging up,
   * a contact waiting for an agent): that close is recorded before its answer.
   */
  acknowledgeStatus(payload: unknown): boolean {
    const parsed = compiledStatus.safeParse(payload);
    if (!parsed.success) return false;
    const { call_sid: callSid, call_status: status, direction } = parsed.data;
    const reason = END_REASONS.get(status);
    if (!reason) return true;
    if (direction === 'outbound') {
      this.firstAnswers.delete(callSid);
      return true;
    }
    const key = `voice:${callSid}`;
    if (!this.deps.conversations.endsQuietly?.(key)) return false;
    this.firstAnswers.delete(callSid);
    // Queued behind nothing (`endsQuietly`), it runs once this hook's answer is written.
    this.deps.conversations.end(key, reason).catch((error: unknown) => {
      this.log.error({ hook: 'status', callSid, transcript: key, err: error }, 'voice: closing a contact after its final status was acknowledged failed');
    });
    return true;
  }

  private async status(payload: StatusRead): Promise<VoiceReply> {
    const reason = END_REASONS.get(payload.call_status);
    if (reason) this.firstAnswers.delete(payload.call_sid);
    // The answer is an acknowledgement whatever the close does: a contact this instance's last
    // turn already ended (the IVR's goodbye) is checked against the store after it, not before.
    if (reason && payload.direction !== 'outbound') await this.deps.conversations.end(`voice:${payload.call_sid}`, reason, { answerFirst: true });
    return { kind: 'done' };
  }

  private async callGone(payload: CallInfo, reason: string): Promise<VoiceReply> {
    await this.deps.conversations.end(readCallState(payload.customerData, payload.call_sid)?.session ?? `voice:${payload.call_sid}`, reason);
    return { kind: 'verbs', verbs: [] };
  }

  /** The call's context; at once (no promise, no hop) when its number's binding is cached, as on every hook after the first (issue 17). */
  private callContext(info: CallInfo, request: HookRequest): CallContext | Promise<CallContext> {
    const fresh = info.to ? this.bindings.fresh(info.to) : null;
    if (!info.to || fresh !== undefined) return this.contextOf(info, request, fresh ?? null);
    return this.bindings.find(info.to).then((binding) => this.contextOf(info, request, binding));
  }

  private contextOf(info: CallInfo, request: HookRequest, binding: ChannelBinding | null): CallContext {
    return { info, state: readCallState(info.customerData, info.call_sid), settings: parseVoiceSettings(binding?.settings).settings, request };
  }

  private lostCall(call: CallContext): VoiceReply {
    const session = `voice:${call.info.call_sid}`;
    this.log.warn(
      { callSid: call.info.call_sid, hook: call.request.hook, transcript: session, reason: 'noCallState' },
      'voice: hook for a call Griot has no state for: the caller hears the apology, the contact ends on an error',
    );
    // Its transcript and analytics say it ended on an error (cause noCallState), not that the caller hung up.
    this.endOnError(call.info.call_sid, session, 'noCallState');
    return { kind: 'verbs', verbs: this.apology(undefined, call.settings) };
  }

  /**
   * Ends a contact the caller is told goodbye on after a failure (`reason: 'error'`, the cause in
   * the transcript's last entry), without holding the apology back: what fails here (a store
   * that is down) is logged, and the call's final status closes it as before.
   */
  private endOnError(callSid: string, session: string, cause: string): void {
    this.deps.conversations.end(session, 'error', { cause }).catch((error: unknown) => {
      if (this.storeFailures.failed(error, { callSid }, 'voice: a contact could not be recorded as ended on an error')) return;
      this.log.error({ callSid, transcript: session, cause, err: error }, 'voice: the contact could not be recorded as ended on an error');
    });
  }

  private render(turn: ConversationTurn, call: CallContext, first: boolean): VoiceReply {
    const state = call.state as CallState;
    if (turn.status === 'missing' || !turn.session) {
      this.log.warn({ callSid: call.info.call_sid, reason: 'conversationMissing' }, 'voice: the conversation is gone');
      return { kind: 'verbs', verbs: this.apology(state, call.settings) };
    }
    for (const issue of turn.issues ?? []) {
      if (issue.severity === 'error') this.log.warn({ callSid: call.info.call_sid, code: issue.code, node: issue.node }, 'voice: flow error');
    }
    const pending = Boolean(turn.pendingWebhook) && turn.session.status !== 'ended';
    const rendered = renderTurn(
      { effects: turn.effects ?? [], session: turn.session, locales: turn.flow?.locales ?? [], pending, queued: turn.queued },
      {
        state,
        first,
        ...(call.info.customerData ? { customerData: call.info.customerData } : {}),
        settings: call.settings,
        hooks: this.hooksFor(call.request.transport),
        audioBase: this.audioBase(this.deps.publicBaseUrl ?? call.request.baseUrl ?? ''),
      },
    );
    const verbs = rendered.verbs;
    if (!pending && !continuesCall(verbs)) {
      // Neither waiting nor ending: jambonz would hang up in silence. Say sorry instead.
      this.log.error({ callSid: call.info.call_sid, node: rendered.state.node, reason: 'deadEnd' }, 'voice: turn neither waits nor ends');
      verbs.push(...this.apology(rendered.state, call.settings));
    }
    if (!pending) return { kind: 'verbs', verbs };
    const tag = verbs.find((v) => v.verb === 'tag');
    const customerData = tag?.verb === 'tag' ? tag.data : (call.info.customerData ?? {});
    return { kind: 'verbs', verbs, continuation: continuationOf(call.info, customerData, 1) };
  }

  private hooksFor(transport: HookRequest['transport']): HookUrls {
    return (this.hooks[transport] ??= hookUrls(transport === 'http' ? this.deps.hookBaseUrl : ''));
  }

  /** `${base}/audio`, remembered for the last base (the public URL, or one host's). */
  private audioBase(from: string): string {
    if (from !== this.audio.from) this.audio = { from, base: `${from.replace(/\/+$/, '')}/audio` };
    return this.audio.base;
  }

  private apology(state: CallState | undefined, settings: VoiceSettings | undefined): Verb[] {
    const locale = state?.speak?.locale ?? state?.locale ?? settings?.locale ?? this.deps.defaultLocale ?? 'fr';
    const synthesizer = state?.speak?.synthesizer ?? synthesizerFor({ locales: [], settings: settings ?? {}, defaults: state?.defaults ?? {} }, locale);
    return renderApology(locale, synthesizer);
  }

  private budget(): number {
    return this.deps.webhookBudgetMs ?? 2500;
  }
}

function speechDefault(d: { vendor: string; label?: string | undefined; language?: string | undefined; voice?: unknown }) {
  return {
    vendor: d.vendor,
    ...(d.label ? { label: d.label } : {}),
    ...(d.language ? { language: d.language } : {}),
    ...(typeof d.voice === 'string' && d.voice ? { voice: d.voice } : {}),
  };
}

function continuationOf(info: CallInfo, customerData: Record<string, unknown>, round: number): Continuation {
  return {
    payload: { call_sid: info.call_sid, ...(info.from ? { from: info.from } : {}), ...(info.to ? { to: info.to } : {}), customerData },
    round,
  };
}
