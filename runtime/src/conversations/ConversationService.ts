import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { cleanAccountName, ContactSource, createSession, step, type Channel, type Effect, type Flow, type FlowEvent, type HandoffEffect, type JsonValue, type Session } from '@griot/flows';
import { infoLater, type Logger } from '../logger.ts';
import type { CallerChanges, CallerLink, RecalledCaller, SessionRecord, Store } from '../store/types.ts';
import { normalizeNumber } from '../callers/normalizeNumber.ts';
import { CallerMemory, memoryOwnerOf, profileKey } from '../callers/CallerMemory.ts';
import { platformCallerKey } from '../callers/platformCaller.ts';
import { maskInput, maskOpening } from '../transcripts/maskInput.ts';
import { createFlowResolver, type FlowResolver } from './flowResolver.ts';
import { afterAnswer, KeyedQueue, type ConversationPort, type EndOptions } from '@griot/connectors';
import { storeFailureCause } from '../api/storeUnavailable.ts';
import { PreviewLookups } from './PreviewLookups.ts';
import { LookupRunner, lookupFailureOf, lookupNotFound, type Lookup } from './LookupRunner.ts';
import { SessionConflict, TurnRecorder } from './TurnRecorder.ts';
import { StoredContinuations } from './StoredContinuations.ts';
import { SessionCache, type CachedConversation } from './SessionCache.ts';
import { resolveEntry } from './resolveEntry.ts';
import { logKeyOf } from './logKey.ts';
import { settleWithin } from './settleWithin.ts';
import { refuseOversizedSession } from './sessionSizeLimit.ts';
import { SessionVault } from '../sensitive/SessionVault.ts';
import { warmKeepAliveTransport } from '../webhooks/keepAliveTransport.ts';
import { emptyTurn, type Conversation, type LookupReport, type TurnSoFar } from './turnState.ts';
import type { ConversationServiceOptions, StartRequest, TurnOptions, TurnOutput, TurnResult } from './types.ts';
import { isoTime } from './isoTime.ts';
import { keptAnswerFor, openAnswer } from './turnAnswer.ts';
import { RememberedElsewhere } from '../callers/rememberedElsewhere.ts';
import { SignOfLife } from './signOfLife.ts';

/**
 * The channels whose caller id is the subscriber's phone number, vouched for by the network or
 * by Meta. Elsewhere it is a platform id (`telegram:…`) or whatever the client sent (a Direct
 * Line user id, a web chat conversation id): never taken for a number, whatever it spells.
 */
const NUMBERED_CHANNELS: ReadonlySet<Channel> = new Set<Channel>(['voice', 'whatsapp', 'sms', 'ussd']);

/** A caller id that is neither a number nor a platform id, in its channel's name (`botframework:<id>`, once). */
function namedAfter(channel: Channel, raw: string): string {
  const id = raw.trim();
  return id.startsWith(`${channel}:`) ? id : `${channel}:${id}`;
}

/** What a look-up answered, and how long it took since it started, for analytics and metrics. */
function lookupReport(lookup: Lookup, answer: FlowEvent): LookupReport {
  const { request } = lookup;
  const backend = request.type === 'classify' ? 'model' : (request.backend ?? 'url');
  const outcome = answer.type === 'webhook' || answer.type === 'classification' ? answer.outcome : 'error';
  const failed = lookupFailureOf(answer);
  return {
    node: request.node,
    backend,
    outcome,
    ms: performance.now() - lookup.startedAt,
    ...(failed ? { cause: failed.cause } : {}),
    ...(lookupNotFound(answer) ? { notFound: true } : {}),
  };
}

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
/** Tries of one event against a session other instances keep changing before giving up. */
const MAX_TURN_ATTEMPTS = 5;

/** An event, or a start, that came again for a turn already taken: nothing was run (`TurnOptions.turn`, `StartRequest.onlyNew`). */
const REPLAYED: TurnResult = Object.freeze({ status: 'missing', replayed: true });
/** How long a slow look-up's owner holds it without renewing (it renews every third of it). */
const CONTINUATION_LEASE_MS = 10_000;
/** How long an instance's sign of life (`keepAlive`) lasts without renewal; renewed every third of it. */
const ALIVE_MS = 3000;
/** A turn answered again for jambonz's retry is not answered a third time for this long (past the signature's 300 s tolerance). */
const RESENT_KEPT_MS = 10 * 60 * 1000;

/** What one event's processing remembers across its attempts (a conflict runs the turn again). */
interface TurnAttempt {
  /** 1 for the first run of the event, 2 after a conflict… */
  tries: number;
  /** The agent queues heard of this event already: once is enough, whatever the attempts. */
  toldHandoffs: boolean;
  /** Look-ups an attempt made, by request: the same request in a later attempt gets the same answer. */
  answered: Map<string, FlowEvent>;
}

/**
 * The conversation engine: starts contacts on the right flow version, feeds each channel event
 * to the interpreter, performs look-ups, and saves the session, the transcript and the caller's
 * memory after every turn. Events for one session run strictly in order; sessions live in the
 * store, so any process (or the same one after a restart) can carry a conversation on.
 */
export class ConversationService implements ConversationPort {
  private readonly store: Store;
  private readonly log: Logger;
  private readonly loadFlow: FlowResolver;
  private readonly memory: CallerMemory;
  /** What other flows in service read from callers' profiles: never forgotten by a move (`movedFormerNames`). */
  private readonly rememberedElsewhere: RememberedElsewhere;
  private readonly queue = new KeyedQueue();
  private readonly pending = new Map<string, PendingLookup>();
  private readonly previews = new PreviewLookups();
  private readonly lookups: LookupRunner;
  private readonly recorder: TurnRecorder;
  private readonly vault: SessionVault;
  /** Which instance holds a slow look-up (`PendingContinuation.owner`). */
  readonly instanceId: string;
  private readonly continuations: StoredContinuations;
  /** What this instance's turns saved last: the next event starts from there, not from reading it back. */
  private readonly sessions = new SessionCache();
  /** This instance's sign of life, kept while calls it took may be retried elsewhere (`keepAlive`). */
  private readonly alive: SignOfLife;

  constructor(private readonly options: ConversationServiceOptions) {
    this.instanceId = options.instanceId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.store = options.store;
    this.log = options.logger.child({ component: 'conversations' });
    this.loadFlow = options.loadFlow ?? createFlowResolver(options.store);
    this.memory = new CallerMemory(options.store, this.log);
    this.rememberedElsewhere = new RememberedElsewhere(options.store, this.loadFlow, () => options.clock().getTime());
    this.lookups = new LookupRunner(this.previews, options, this.log);
    this.vault = options.vault ?? new SessionVault(undefined, this.log);
    this.continuations = new StoredContinuations({
      store: this.store,
      vault: this.vault,
      instanceId: this.instanceId,
      leaseMs: options.continuationLeaseMs ?? CONTINUATION_LEASE_MS,
      clock: options.clock,
      log: this.log,
    });
    this.alive = new SignOfLife({ leases: this.store.leases, instanceId: this.instanceId, clock: options.clock, log: this.log, aliveMs: ALIVE_MS, judgedMs: RESENT_KEPT_MS });
    this.recorder = new TurnRecorder({
      store: this.store,
      memory: this.memory,
      previews: this.previews,
      log: this.log,
      clock: options.clock,
      sessionTtlMinutes: options.sessionTtlMinutes,
      handoffs: options.handoffs,
      vault: this.vault,
      observer: options.observer,
      instanceId: this.instanceId,
      alive: this.alive,
    });
  }

  /**
   * When `error` is the store failing (a full disk, a read-only file, MongoDB gone): its cause code
   * (`storeFailureCause`, the code the API's 503s log too), counted for `channel` in
   * `griot_store_failures_total{channel,cause}`, so a channel logs one line a minute per cause
   * (`StoreFailureLog`) rather than a stack per subscriber, and an alert can fire on the count.
   * Undefined for any other error: a bug, the channel's to log.
   */
  storeFailure(error: unknown, channel: Channel): string | undefined {
    const cause = storeFailureCause(error);
    if (cause) this.options.metrics.storeFailure({ channel, cause });
    return cause;
  }

  /** Starts a contact (replacing any session under the same key) and runs it to its first wait. */
  start(request: StartRequest & { onlyNew: true }): Promise<TurnResult>;
  start(request: StartRequest): Promise<TurnOutput>;
  start(request: StartRequest): Promise<TurnResult> {
    // Its look-ups come a menu or two later: the HTTP client is loaded meanwhile, not by the first of them.
    warmKeepAliveTransport();
    return this.turn<TurnResult>(request.key, async (reply, attempt) => {
      this.pending.delete(request.key);
      // Only a channel whose platform vouches for the subscriber's number gives one (a designer's preview is told one).
      const numbered = request.preview || NUMBERED_CHANNELS.has(request.channel);
      const given = numbered ? normalizeNumber(request.callerNumber, this.options.defaultRegion) : null;
      // A subscriber a channel knows by a platform id (Telegram): their memory is under the number they linked, else under that id.
      // Only the channel that names such ids gives one: `telegram:…` from any other is no one's (see `platformCallerKey`).
      const platformCaller = given ? null : platformCallerKey(request.callerNumber, request.channel);
      const link = platformCaller && !request.preview ? await this.linkOf(platformCaller, request.sharedNumber) : null;
      // Only a number the platform vouched for becomes the caller's number (look-ups, testers, agents) and memory.
      const number = given ?? (link?.verified ? link.number : null);
      const memoryKey = number ?? platformCaller;
      // A typed one (anyone can type any number) lends its language only: see `CallerMemory.recall`.
      const claimed = link && !link.verified ? link.number : null;
      // A channel starting over on a key still in use (a WhatsApp number writing again) closes that contact first.
      // A key the channel says is new has no contact to replace: unless its first save found one.
      const presumedNew = request.newKey === true && attempt.tries === 1;
      // With no contact to close first (whose end changes the profile), the profile is read with the entry, in the same read
      // (a typed number's language hint needs a second profile: read apart, as such callers are few).
      const recallKey = presumedNew && memoryKey && !claimed ? profileKey(memoryKey, memoryOwnerOf(request)) : undefined;
      const entry = await resolveEntry(this.store, this.loadFlow, request.flow, number, this.options.defaultRegion, recallKey);
      const loading = presumedNew ? null : this.load(request.key, { cached: true });
      const previous = loading instanceof Promise ? await loading : loading;
      if (previous && request.onlyNew) {
        // jambonz's retry of the call hook whose answer the instance that took it never sent (it died): that answer, once.
        const resent = await this.resend(previous, { type: 'start' }, undefined);
        if (resent) return resent;
        // A call's sid names one call: its contact is there already (its hook replayed, here or on another instance).
        this.log.warn(
          { event: 'conversation.startReplayed', session: logKeyOf(request.key), channel: request.channel },
          'a contact was started again under a key that names one contact only: nothing replaced',
        );
        return REPLAYED;
      }
      if (previous) await this.stop(previous, 'replaced', attempt);
      const profile = entry.recalled !== undefined ? entry.recalled : memoryKey ? await this.memory.recall(memoryKey, memoryOwnerOf(request), claimed) : null;
      // Anything else the channel gave (a Direct Line user id, a SIP From that is no number) is named after that
      // channel, so no look-up takes it for a number, nor memory for another channel's subscriber.
      const callerNumber = number ?? (request.preview || platformCaller ? request.callerNumber.trim() : namedAfter(request.channel, request.callerNumber)).slice(0, 32);
      const locale = request.locale ?? entry.locale;
      const known = this.memory.callerInfo(callerNumber, profile, entry.isTester, entry.locale);
      // Checked again here: the session is saved, read by templates, look-ups and the agent's view.
      const caller = request.source !== undefined && ContactSource.safeParse(request.source).success ? { ...known, source: request.source } : known;
      const session: Session = createSession(entry.flow, {
        channel: request.channel,
        // A designer who picks the simulator's language previews as a tester listed in it: known, past a menu that skips it.
        caller: request.preview && request.locale ? { ...caller, knownLocale: request.locale } : caller,
        flowVersion: entry.version,
        ...(locale ? { locale } : {}),
      });
      session.vars = this.memory.preloadVariables(entry.flow, profile);
      const now = this.options.clock();
      // The account's name on the platform, as agents may read it (any channel's, whatever its connector cleaned).
      const callerName = cleanAccountName(request.callerName);
      const record: SessionRecord = {
        key: request.key,
        session,
        bindingId: entry.bindingId,
        environment: entry.environment,
        preview: request.preview,
        createdAt: isoTime(now),
        updatedAt: isoTime(now),
        expiresAt: isoTime(this.recorder.expiry(now)),
        // Written over the previous contact as it was left (or over none): never over one another instance started meanwhile.
        revision: previous?.record.revision ?? 0,
        ...(platformCaller ? { platformCaller } : {}),
        ...(link ? { linkedNumber: link.number } : {}),
        ...(callerName && !request.preview ? { callerName } : {}),
      };
      if (request.preview) this.previews.set(request.key, request.fixtures ?? {}, request.useBackend ?? false, this.recorder.expiry(now), now);
      const newTranscript: Conversation['newTranscript'] = {
        sessionKey: record.key,
        flowId: entry.flowId,
        flowVersion: entry.version,
        channel: request.channel,
        callerNumber,
        preview: request.preview,
        // Routed as a listed tester's (staging or their version): what the flow's test-calls list shows, and only that.
        ...(entry.isTester && !request.preview ? { tester: true as const } : {}),
        startedAt: record.createdAt,
      };
      // The channel used last is known now, and saved with the first turn: waiting for the end would lose it when a chat just goes quiet and expires.
      const moved = memoryKey ? await this.movedFormerNames(entry.flowId, entry.flow, profile) : null;
      const lastChannel = memoryKey && profile?.lastChannel !== request.channel ? { lastChannel: request.channel } : undefined;
      // Values remembered under a variable's former names move to its current name once, with the first turn.
      const callerChanges = moved || lastChannel ? { ...moved, ...lastChannel } : undefined;
      // Built when the log's batch goes out (see infoLater): the key's digest too.
      const { flowId, version, environment, isTester } = entry;
      const knownCaller = profile !== null;
      infoLater(
        this.log,
        () => ({ event: 'conversation.start', session: logKeyOf(request.key), flowId, version, environment, channel: request.channel, preview: request.preview, tester: isTester, knownCaller }),
        'conversation started',
      );
      const previousContact = profile?.lastContact;
      return this.advance(
        {
          record,
          flow: entry.flow,
          newTranscript,
          ...(callerChanges ? { callerChanges } : {}),
          ...(previousContact ? { previousContact } : {}),
          // Masked when it may answer the previous contact's sensitive question (a PUK sent after the session timed out).
          ...(request.opening ? { opening: maskOpening(request.opening, previous ? { flow: previous.flow, session: previous.record.session } : undefined) } : {}),
          // What it replaces was not read from the store (presumed none, or an ended contact kept here): checked before the turn acts outside the engine.
          ...(presumedNew || previous?.cached ? { cached: true } : {}),
        },
        { type: 'start' },
        request.webhookBudgetMs,
        reply,
        attempt,
      );
    });
  }

  /** Feeds one channel event to the session under `key`, after any event still running for it. */
  handle(key: string, event: FlowEvent, options: TurnOptions = {}): Promise<TurnResult> {
    return this.turn<TurnResult>(key, async (reply, attempt) => {
      // A continuation nobody collected is stale once the caller has moved on.
      this.pending.delete(key);
      const loading = this.load(key, { cached: true });
      const conversation = loading instanceof Promise ? await loading : loading;
      if (!conversation) return { status: 'missing' };
      if (conversation.record.session.status === 'ended') {
        if (conversation.cached) {
          // Over here, but another instance may have started a new contact under the key since: the channel would start yet another.
          await this.confirmFresh(conversation);
          // Kept for the hang-up that follows.
          this.keep(conversation);
        }
        return this.output(conversation, conversation.record.session, emptyTurn());
      }
      if (options.turn !== undefined && conversation.record.session.turns !== options.turn) {
        // A copy kept here may be behind the store: another instance took the call's last turn (a balancer
        // spreading its hooks), and this event answers what that instance rendered. Asked before refusing:
        // a copy behind is dropped and the turn runs again from the stored session (one read, on a mismatch only).
        if (conversation.cached) await this.confirmFresh(conversation);
        // jambonz's retry of this very event, whose turn an instance now gone took and never answered: that answer, once.
        const resent = await this.resend(conversation, event, options.turn);
        if (resent) return resent;
        // An answer to a turn the session is past (a replayed webhook): nothing runs. A copy kept here that
        // another instance moved on passes this, then fails its conditional save and comes back read from the store.
        this.log.warn(
          { event: 'conversation.eventReplayed', session: logKeyOf(key), turn: options.turn, sessionTurn: conversation.record.session.turns },
          'an event answered a turn the conversation is past: not run',
        );
        return REPLAYED;
      }
      if (options.sharedNumber) {
        await this.confirmFresh(conversation);
        await this.linkShared(conversation, options.sharedNumber);
      }
      // The account's name as this message gives it (renamed since: the new one), saved with the turn.
      const callerName = cleanAccountName(options.callerName);
      if (callerName && callerName !== conversation.record.callerName && !conversation.record.preview) conversation.record = { ...conversation.record, callerName };
      return this.advance(conversation, event, options.webhookBudgetMs, reply, attempt);
    });
  }

  /**
   * jambonz's retry (`#rc=…&rp=…` on the application's URL) of a hook whose answer never left:
   * the session's last save took this very event (`SessionRecord.answer`: same turn, same event),
   * on an instance that is gone (its sign of life, `keepAlive`, lapsed and was not renewed while
   * this one waited for it, at most `ALIVE_MS`). Answered with what that turn said, rebuilt from
   * the saved session and its sealed answer, nothing run again (no look-up, no handoff), and once
   * per turn (a claim in the store, held as long as the answer may be kept: the session's life,
   * at least `RESENT_KEPT_MS`). A turn taken here, or by an instance still alive, was answered by
   * it: the same hook again is a replay, refused as before (null). But the goodbye of a first turn
   * that ended the call (`ends`), which says no secret (`answerOf`) and runs nothing: given once,
   * the instance that took it alive or not (it keeps no sign of life for it, `TurnRecorder`).
   */
  private async resend(conversation: Conversation, event: FlowEvent, turn: number | undefined): Promise<TurnOutput | null> {
    const { record } = conversation;
    const kept = keptAnswerFor(this.vault, record, event, turn);
    if (!kept || kept.by === this.instanceId) return null;
    if (!kept.ends && !(await this.gone(kept.by))) return null;
    const now = this.options.clock();
    // Claimed until the session (and so its answer) is gone: a copy after the claim lapsed and the
    // sessions job deleted it would otherwise be answered again (an ended call's goodbye is kept until the purge).
    const until = new Date(Math.max(now.getTime() + RESENT_KEPT_MS, Date.parse(record.expiresAt) || 0));
    const claim = await this.store.leases.acquireLease(`answered:${record.key}:${kept.turn}`, `${this.instanceId}:${randomUUID()}`, isoTime(until), isoTime(now));
    if (!claim) return null;
    const answer = openAnswer(this.vault, record.key, kept);
    if (!answer) return null;
    this.log.warn(
      { event: 'conversation.answerResent', session: logKeyOf(record.key), turn: kept.turn, tookIt: kept.by },
      'the instance that took a call turn stopped before answering it: its answer sent again from the saved session',
    );
    const { queued } = answer;
    const output = this.output(conversation, record.session, { effects: answer.effects, issues: [], trace: { nodes: [], edges: [] }, lookupReports: [], ...(queued ? { queued } : {}) });
    return { ...output, ...(answer.pending ? { pendingWebhook: true } : {}), resent: true };
  }

  /**
   * Whether instance `by` stopped: its sign of life absent or lapsed, or not renewed for longer
   * than it lasts while this one watched it (at most `ALIVE_MS` and a little).
   */
  private async gone(by: string): Promise<boolean> {
    const name = `instance:${by}`;
    const giveUp = performance.now() + ALIVE_MS + ALIVE_MS / 6;
    let seen: string | undefined;
    for (;;) {
      const lease = await this.store.leases.getLease(name);
      if (!lease || lease.holder !== by || lease.until <= isoTime(this.options.clock())) return true;
      // Renewed since first seen: alive, so it answered (or will, within its deadline).
      if (seen !== undefined && lease.until !== seen) return false;
      seen = lease.until;
      if (performance.now() >= giveUp) return true;
      await new Promise((resolve) => setTimeout(resolve, ALIVE_MS / 10));
    }
  }

  /**
   * Keeps this instance's sign of life in the store while it serves (a lease `instance:<id>`,
   * `ALIVE_MS` long, renewed every third of it) and only while a call in progress is still at its
   * first turn, taken here (`SignOfLife`): another instance that gets jambonz's retry of a call hook this one took
   * tells from it whether this one answered (`resend`). Returns what stops it (the lease then lapses).
   */
  keepAlive(): () => void {
    return this.alive.start();
  }

  /**
   * The caller's profile moved to the flow's current names (`CallerMemory.movedFormerNames`), but
   * for the former names another flow in service still reads. Null (nothing moved: read under the
   * former names as before) when there is nothing to move, or when what the other flows read
   * cannot be known now: a first turn never fails for it, and the move waits for the next contact.
   */
  private async movedFormerNames(flowId: string, flow: Flow, profile: RecalledCaller | null): Promise<CallerChanges | null> {
    if (!this.memory.holdsFormerNames(flow, profile)) return null;
    try {
      return this.memory.movedFormerNames(flow, profile, await this.rememberedElsewhere.except(flowId));
    } catch (error) {
      this.log.warn({ event: 'caller.moveDeferred', flowId, err: error }, 'what other flows remember could not be read: the profile is moved at a later contact');
      return null;
    }
  }

  /** The link of a platform caller: made first with the number the platform vouched for, else the one stored. */
  private async linkOf(platformCaller: string, shared: string | undefined): Promise<CallerLink | null> {
    const number = shared ? normalizeNumber(shared, this.options.defaultRegion) : null;
    if (!number) return this.store.getCallerLink(platformCaller);
    const link = await this.store.linkCaller({ key: platformCaller, number, verified: true, linkedAt: isoTime(this.options.clock()) });
    this.log.info({ event: 'caller.linked', verified: true }, 'a platform caller was linked to their number');
    return link;
  }

  /**
   * The caller shared their own number in a running contact (a Telegram contact card): their
   * platform profile joins the number's, and the number is theirs from this turn on. Linking
   * again (the message processed a second time) changes nothing.
   */
  private async linkShared(conversation: Conversation, shared: string): Promise<void> {
    const { record } = conversation;
    if (!record.platformCaller || record.preview) return;
    const link = await this.linkOf(record.platformCaller, shared);
    if (!link?.verified) return;
    conversation.record = { ...record, linkedNumber: link.number, session: { ...record.session, caller: { ...record.session.caller, number: link.number } } };
  }

  /**
   * The turn that follows a look-up which outlived its budget, once it is done (at most
   * `maxWaitMs`; still running → `pendingWebhook: true` and no effects). Null when none runs.
   * The look-up may run on another instance (jambonz's redirect is not sticky): its outcome is
   * then taken from the store, and a look-up whose instance died is performed again here.
   */
  async awaitPending(key: string, maxWaitMs: number): Promise<TurnResult | null> {
    const entry = this.pending.get(key);
    if (!entry) return this.awaitElsewhere(key, performance.now() + maxWaitMs);
    const settled = await settleWithin(entry.continuation, maxWaitMs);
    if (!settled.done) {
      return { status: 'ok', session: entry.session, flow: entry.flow, ...emptyTurn(), pendingWebhook: true };
    }
    if (this.pending.get(key) === entry) this.pending.delete(key);
    // Delivered from here: no other instance must deliver it again.
    await this.continuations.drop(key);
    return settled.value;
  }

  /**
   * A look-up this instance does not run: its outcome from the store (its owner lives), or the
   * look-up itself when its owner stopped. Null when no look-up is pending.
   */
  private async awaitElsewhere(key: string, deadline: number): Promise<TurnResult | null> {
    const found = await this.continuations.elsewhere(key, deadline);
    if (found.state === 'none') return null;
    const conversation = await this.load(key);
    if (!conversation) return null;
    if (found.state === 'running') return { status: 'ok', session: conversation.record.session, flow: conversation.flow, ...emptyTurn(), pendingWebhook: true };
    if (found.state === 'done') {
      const outcome = found.outcome;
      // A stale outcome (the session moved on since) is nobody's to deliver.
      if (!outcome || conversation.record.revision !== outcome.revision) return null;
      const { effects, issues, trace, queued } = outcome;
      return this.output(conversation, conversation.record.session, { effects, issues, trace, lookupReports: [], ...(queued ? { queued } : {}) });
    }
    const { request, revision } = found;
    if (!request || conversation.record.revision !== revision) {
      await this.continuations.drop(key);
      return null;
    }
    return this.takeOver(conversation, request, revision, deadline);
  }

  /**
   * The instance holding a look-up died: this one performs it again, from the session as it
   * was stored waiting for it (unless the session moved on meanwhile), and finishes the turn.
   */
  private async takeOver(conversation: Conversation, request: Lookup['request'], revision: number, deadline: number): Promise<TurnResult | null> {
    const key = conversation.record.key;
    this.log.warn({ event: 'conversation.lookupTakenOver', session: logKeyOf(key), node: request.node }, 'the instance running a slow look-up stopped: performing it again here');
    const continuation = this.queue.run<TurnResult>(key, async () => {
      const current = await this.load(key);
      if (!current || current.record.revision !== revision) {
        await this.continuations.drop(key);
        return current ? this.output(current, current.record.session, emptyTurn()) : { status: 'missing' };
      }
      current.heldLookup = true;
      return this.finishLookup(current, this.lookups.perform(current.record, current.flow, request, emptyTurn()), { tries: 1, toldHandoffs: true, answered: new Map() });
    });
    const entry: PendingLookup = { continuation, session: conversation.record.session, flow: conversation.flow };
    this.pending.set(key, entry);
    void continuation
      .catch(() => undefined)
      .finally(() => {
        setTimeout(() => {
          if (this.pending.get(key) === entry) this.pending.delete(key);
        }, PENDING_KEPT_MS).unref();
      });
    return this.awaitPending(key, Math.max(0, deadline - performance.now()));
  }

  /**
   * Waits, at most `timeoutMs`, for the slow look-ups this instance still performs. On shutdown:
   * their turn is then left in the store for jambonz's redirect, which the balancer sends to
   * another instance, instead of that instance asking the operator's system again. Returns how
   * many were waited for.
   */
  async finishPending(timeoutMs: number): Promise<number> {
    const running = [...new Set([...this.pending.values()].map((entry) => entry.continuation))];
    if (running.length === 0) return 0;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.allSettled(running), new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
    clearTimeout(timer);
    return running.length;
  }

  /**
   * Ends the previews of `key`'s tester beyond their share (PreviewLookups: at most 20 live, at
   * most 2 MB of fixtures), oldest first, `key` kept, and removes their sessions: their transcripts
   * say `replaced`. Returns the keys ended.
   */
  async endPreviewsBeyondShare(key: string): Promise<string[]> {
    const over = this.previews.overflowOf(key, this.options.clock());
    for (const old of over) {
      try {
        await this.end(old, 'replaced');
        await this.store.deleteSession(old);
      } catch (error) {
        // Its fixtures are gone already: it answers no look-up; the session expires as any other.
        this.log.warn({ event: 'preview.endFailed', session: logKeyOf(old), err: error }, 'a preview beyond its tester’s share could not be ended');
      }
    }
    return over;
  }

  /**
   * `end(key)` has nothing to record before its acknowledgement: the contact is one this
   * instance's last turn ended and saved (its session kept here, on a published version, no slow
   * look-up held), and no event of the key is queued, running, or waiting for a look-up. What
   * `end` then does is the check against the store (`endChecked`), as with `answerFirst`.
   */
  endsQuietly(key: string): boolean {
    if (this.queue.busy(key) || this.pending.has(key)) return false;
    const kept = this.sessions.peek(key, isoTime(this.options.clock()));
    return kept !== undefined && kept.record.session.status === 'ended' && kept.record.session.flowVersion !== null && !kept.heldLookup;
  }

  /** Hang-up or status hook: closes the session, its transcript, and records the contact. */
  end(key: string, reason: string, options: EndOptions = {}): Promise<TurnResult> {
    // The call is over: jambonz retries its call hook no more, and a call still at its first turn,
    // taken here, needs no sign of life from here any longer (written now or not).
    this.alive.took(key, true);
    // Set once the caller has its answer (`answerFirst`): what fails after it is logged, not lost.
    let acknowledged: TurnResult | undefined;
    return this.turn<TurnResult>(key, async (reply, attempt) => {
      try {
        this.pending.delete(key);
        const loading = this.load(key, { cached: true });
        const conversation = loading instanceof Promise ? await loading : loading;
        if (!conversation?.cached || conversation.record.session.status !== 'ended' || conversation.heldLookup) return await this.endLoaded(key, conversation, reason, attempt, options.cause);
        // This instance's last turn ended the contact and left no slow look-up in the store: while
        // the store still holds that turn, the hang-up after the goodbye has nothing to drop or close.
        // Its revision says so: the session itself is not read (it is what this instance kept).
        if (options.answerFirst && !acknowledged) {
          // Nothing to write when the store agrees, and the caller only acknowledges: the answer goes
          // first, the check (and any close it finds owed) right after it, still in the key's queue.
          acknowledged = this.output(conversation, conversation.record.session, emptyTurn());
          reply(acknowledged);
          await new Promise<void>((resolve) => afterAnswer(resolve));
        }
        return await this.endChecked(conversation, reason, attempt, options.cause);
      } catch (error) {
        if (!acknowledged || (error instanceof SessionConflict && attempt.tries < MAX_TURN_ATTEMPTS)) throw error;
        this.log.error({ event: 'conversation.endFailed', session: logKeyOf(key), err: error }, 'closing a contact after its hang-up was acknowledged failed');
        return acknowledged;
      }
    });
  }

  /** The store still at the revision this instance ended the contact with: nothing to do; else closed from the store. */
  private async endChecked(conversation: Conversation, reason: string, attempt: TurnAttempt, cause?: string): Promise<TurnResult> {
    const key = conversation.record.key;
    const stored = await this.store.getSessionRevision(key, isoTime(this.options.clock()));
    if (stored !== null && stored === conversation.record.revision) {
      if (conversation.record.answer?.ends) await this.dropKeptGoodbye(conversation.record);
      return this.output(conversation, conversation.record.session, emptyTurn());
    }
    return this.endLoaded(key, await this.load(key), reason, attempt, cause);
  }

  private async endLoaded(key: string, conversation: Conversation | null, reason: string, attempt: TurnAttempt, cause?: string): Promise<TurnResult> {
    // What a slow look-up left for a redirect (a prompt with a PUK code) goes with the contact.
    await this.continuations.drop(key);
    if (!conversation && key.startsWith('voice:')) {
      // The final status before the first turn was saved: that turn's goodbye must not stay until the purge.
      await this.markCallOver(key);
      conversation = await this.load(key);
    }
    if (!conversation) return { status: 'missing' };
    const output = await this.stop(conversation, reason, attempt, cause);
    // The contact is over: a late event reads it from the store.
    this.sessions.forget(key);
    return output;
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
      if (previous) await this.stop(previous, 'replaced', { tries: 1, toldHandoffs: false, answered: new Map() });
      const now = this.options.clock();
      const session: Session = { ...structuredClone(current), channel: target.channel };
      const record: SessionRecord = {
        key: target.key,
        session,
        bindingId: target.bindingId,
        environment: from.environment,
        preview: false,
        createdAt: isoTime(now),
        updatedAt: isoTime(now),
        expiresAt: isoTime(this.recorder.expiry(now)),
        // Waiting for an agent, and counted as a contact on the channel it came from.
        handoff: 'queued',
        carried: true,
      };
      const flow = await this.loadFlow(session.flowId, session.flowVersion === null ? 'draft' : { version: session.flowVersion });
      if (!flow) throw new Error(`the flow ${session.flowId} of a session carried over is gone`);
      await this.store.putSession(this.vault.seal(flow.flow, record));
      // Written outside a turn: what this instance kept of the key (the contact just closed) is behind it.
      this.sessions.forget(target.key);
      await this.store.startTranscript({
        sessionKey: record.key,
        flowId: session.flowId,
        flowVersion: session.flowVersion,
        channel: target.channel,
        callerNumber: session.caller.number,
        preview: false,
        startedAt: record.createdAt,
        turns: [],
      });
      this.log.info(
        { event: 'conversation.carriedOver', from: logKeyOf(from.key), session: logKeyOf(record.key), channel: target.channel, flowId: session.flowId },
        'conversation carried over to another channel',
      );
      return record;
    });
  }

  /** Whether the conversation waits for (or is with) an agent: the agent, not the channel's inactivity, closes it. */
  async waitsForAgent(key: string): Promise<boolean> {
    return (await this.store.getSession(key, isoTime(this.options.clock())))?.session.status === 'handoff';
  }

  /**
   * The language a conversation last spoke, from its stored session, else the one its caller is
   * remembered with (a number the channel vouches for, or a platform id), for a channel's apology
   * when this process never ran the conversation (a restart, another instance).
   */
  async rememberedLocale(key: string, callerNumber: string): Promise<string | undefined> {
    const stored = await this.store.getSession(key, isoTime(this.options.clock()));
    if (stored) return stored.session.locale;
    const channel = key.slice(0, key.indexOf(':')) as Channel;
    const number = NUMBERED_CHANNELS.has(channel) ? normalizeNumber(callerNumber, this.options.defaultRegion) : null;
    const memoryKey = number ?? platformCallerKey(callerNumber, channel);
    return memoryKey ? (await this.memory.recall(memoryKey, null))?.preferredLocale : undefined;
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

  /**
   * The goodbye a call's first turn ended it with (`TurnAnswer.ends`), kept with the ended session for
   * jambonz's retry of the call hook, dropped once the call's final status (or a hang-up) arrived: no
   * retry can come after it, and what it said (a balance, sealed) does not stay at rest past the
   * contact. One write, only for such a call: the final status of any other writes nothing more (issue 17).
   */
  private async dropKeptGoodbye(record: SessionRecord): Promise<void> {
    const { answer: _done, ...rest } = record;
    await this.store.putSession(rest);
    // Its revision rose: a later event reads the session from the store.
    this.sessions.forget(record.key);
  }

  /** Ends a running contact: the session is kept (ended) until it expires, so late events get `ended`. */
  private async stop(conversation: Conversation, reason: string, attempt: TurnAttempt, cause?: string): Promise<TurnOutput> {
    const before = conversation.record.session;
    if (before.status === 'ended') {
      if (conversation.record.answer?.ends) await this.dropKeptGoodbye(conversation.record);
      return this.output(conversation, before, emptyTurn());
    }
    const began = performance.now();
    await this.tellHandoffs(conversation, before, { type: 'hangup' }, attempt);
    const result = step(conversation.flow, before, { type: 'hangup' });
    // A contact that never started stays `abandoned`; otherwise the channel's reason says why it stopped.
    const after: Session = { ...result.session, endReason: result.session.endReason === 'abandoned' ? 'abandoned' : reason };
    const turn: TurnSoFar = { effects: result.effects, issues: result.issues, trace: result.trace, lookupReports: [] };
    // The transcript's last entry says why (`cause`: what went wrong, when the channel knows; never a value).
    await this.save(conversation, before, after, { type: 'hangup' }, { type: 'end', reason, ...(cause ? { cause } : {}) }, turn, began);
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
    attempt: TurnAttempt,
    /** The slow look-up whose answer this turn carries on from (analytics). */
    carriedLookup?: LookupReport,
  ): Promise<TurnOutput> {
    const began = performance.now();
    const before = conversation.record.session;
    // The first turn keeps what the subscriber wrote to open the contact, masked at the start when it may be a secret (see maskOpening).
    const input = event.type === 'start' && conversation.opening ? { type: 'start', text: conversation.opening } : maskInput(conversation.flow, before.wait?.node, event, before);
    const turn = emptyTurn();
    // The look-up whose slow answer this turn carries on from.
    if (carriedLookup) turn.lookupReports.push(carriedLookup);
    let session = before;
    let next: FlowEvent | undefined = event;
    if (this.handoffWaiting(conversation, before) && !attempt.toldHandoffs) await this.tellHandoffs(conversation, before, event, attempt);
    const interrupted = this.lookups.interrupted(before, event);
    if (interrupted) {
      // Only a restart (or an event reaching an instance while another runs the look-up) leaves a
      // session waiting for an answer nobody is fetching here: fail it rather than strand the caller.
      const node = before.wait?.node;
      turn.issues.push({ severity: 'warning', code: 'lookup.interrupted', message: `the ${before.wait?.for} answer at ${node} was lost; it counts as failed`, ...(node ? { node } : {}) });
      next = interrupted;
    }
    for (let answered = 0; next; answered += 1) {
      const result = step(conversation.flow, session, next);
      session = result.session;
      turn.effects.push(...result.effects);
      turn.issues.push(...result.issues);
      if (result.understanding) (turn.understanding ??= []).push(...result.understanding);
      if (result.assigned) for (const name of result.assigned) (turn.assigned ??= new Set()).add(name);
      turn.trace.nodes.push(...result.trace.nodes);
      turn.trace.edges.push(...result.trace.edges);
      next = undefined;
      const bounded = refuseOversizedSession(session, turn);
      if (bounded.refused) {
        session = bounded.session;
        const { flowId, flowVersion: version } = session;
        this.log.error(
          { event: 'conversation.sessionTooLarge', session: logKeyOf(conversation.record.key), flowId, version, node: session.path.at(-1) },
          'the session grew larger than a session may be stored: the contact ends on its error path',
        );
        break;
      }
      const handoffAnswer = this.handoffWaiting(conversation, session) ? await this.admitHandoff(conversation, session, result.effects, turn) : null;
      if (handoffAnswer) {
        next = handoffAnswer;
        continue;
      }
      if (session.wait?.for === 'webhook' || session.wait?.for === 'classifier') await this.confirmFresh(conversation);
      const lookup = this.lookups.start(conversation.record, conversation.flow, session, result.effects, turn, attempt.answered);
      if (!lookup) break;
      if (answered >= MAX_LOOKUPS_PER_TURN) {
        turn.issues.push({ severity: 'error', code: 'lookup.loop', message: `more than ${MAX_LOOKUPS_PER_TURN} look-ups in one turn`, node: lookup.request.node });
        next = this.lookups.failure(lookup.request, 'too many look-ups in one turn');
        continue;
      }
      if (budgetMs === undefined) {
        next = await lookup.answer;
        turn.lookupReports.push(lookupReport(lookup, next));
        continue;
      }
      const settled = await settleWithin(lookup.answer, budgetMs - (performance.now() - began));
      if (settled.done) {
        next = settled.value;
        turn.lookupReports.push(lookupReport(lookup, next));
        continue;
      }
      return this.answerEarly(conversation, before, session, event, input, turn, began, lookup, reply, attempt);
    }
    await this.save(conversation, before, session, event, input, turn, began);
    return this.output(conversation, session, turn);
  }

  /**
   * Answers the channel now (with the wait prompt), then finishes the turn when the look-up or
   * model does. The look-up is recorded in the store (`PendingContinuation`) before the channel
   * is answered, so the redirect that fetches the rest may reach any instance.
   */
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
    attempt: TurnAttempt,
  ): Promise<TurnOutput> {
    if (lookup.request.type === 'webhook' && lookup.request.waitPrompt) turn.effects.push(lookup.request.waitPrompt);
    // Its hang-up must drop what the look-up leaves in the store.
    conversation.heldLookup = true;
    await this.save(conversation, before, waiting, event, input, turn, began);
    const key = conversation.record.key;
    await this.continuations.hold(conversation.record, lookup.request);
    // From here the turn is saved: a conflict in what follows must not run this event again.
    const continuation = this.finishLookup(conversation, lookup.answer, attempt, (answer) => lookupReport(lookup, answer));
    const entry: PendingLookup = { continuation, session: waiting, flow: conversation.flow };
    this.pending.set(key, entry);
    reply({ ...this.output(conversation, waiting, turn), pendingWebhook: true });
    try {
      const output = await continuation;
      return output.status === 'missing' ? this.output(conversation, waiting, emptyTurn()) : output;
    } catch (error) {
      this.log.error({ event: 'conversation.failed', session: logKeyOf(key), node: lookup.request.node, err: { message: (error as Error).message } }, 'turn after a slow look-up failed');
      throw error;
    } finally {
      setTimeout(() => {
        if (this.pending.get(key) === entry) this.pending.delete(key);
      }, PENDING_KEPT_MS).unref();
    }
  }

  /**
   * Waits for the look-up (holding it in the store: renewed, so no other instance performs it
   * again), runs the turn that follows it, and leaves that turn in the store for the redirect.
   * A session that moved on meanwhile (the caller hung up) makes the turn obsolete.
   */
  private async finishLookup(conversation: Conversation, answer: Promise<FlowEvent>, attempt: TurnAttempt, report?: (answer: FlowEvent) => LookupReport): Promise<TurnResult> {
    const key = conversation.record.key;
    const release = this.continuations.keepHolding(key);
    let output: TurnOutput;
    try {
      const answered = await answer;
      output = await this.advance(conversation, answered, undefined, () => {}, attempt, report?.(answered));
    } catch (error) {
      if (!(error instanceof SessionConflict)) throw error;
      this.sessions.forget(key);
      this.log.info({ event: 'conversation.lookupObsolete', session: logKeyOf(key) }, 'the session moved on while its slow look-up ran: its answer is dropped');
      await this.continuations.drop(key);
      const current = await this.load(key);
      return current ? this.output(current, current.record.session, emptyTurn()) : { status: 'missing' };
    } finally {
      release();
    }
    const left = await this.continuations.leave(key, {
      revision: conversation.record.revision ?? 0,
      effects: output.effects,
      issues: output.issues,
      trace: output.trace,
      ...(output.queued ? { queued: output.queued } : {}),
    });
    if (!left) this.log.warn({ event: 'conversation.lookupLost', session: logKeyOf(key) }, 'another instance took over this slow look-up: its turn is delivered only from here');
    return output;
  }

  /**
   * Runs one event's processing in the session's queue (events of one conversation in order in
   * this process). Another instance may still write the session first: the turn's save then
   * fails (`SessionConflict`, nothing saved, nothing sent) and the processing runs again from
   * the stored session, up to `MAX_TURN_ATTEMPTS` times.
   */
  private turn<T>(key: string, task: (reply: (value: T) => void, attempt: TurnAttempt) => Promise<T>): Promise<T> {
    return this.queue.run<T>(key, async (reply) => {
      const attempt: TurnAttempt = { tries: 1, toldHandoffs: false, answered: new Map() };
      for (let tries = 1; ; tries += 1) {
        attempt.tries = tries;
        try {
          return await task(reply, attempt);
        } catch (error) {
          if (!(error instanceof SessionConflict)) throw error;
          // Whatever this instance kept of the session is behind the store's.
          this.sessions.forget(error.key);
          if (tries >= MAX_TURN_ATTEMPTS) throw error;
          // A turn on a session kept here that another instance moved on (a load balancer spreading a call's hooks) is expected: not worth a line.
          this.log[error.stale ? 'debug' : 'info'](
            { event: 'conversation.conflict', session: logKeyOf(key), attempt: tries },
            'another instance ran an event of this conversation first: running the turn again from the stored session',
          );
        }
      }
    });
  }

  /**
   * Whether `session` waits for the agent queues here (what `admitHandoff` and `tellHandoffs` act
   * on): checked before calling them, so the usual turn, with no handoff, awaits neither (two
   * promises and two hops fewer a turn, issue 17).
   */
  private handoffWaiting(conversation: Conversation, session: Session): boolean {
    return !!this.options.handoffs && !conversation.record.preview && session.wait?.for === 'handoff';
  }

  /** A handoff the step asked for goes to the agent queues; closed hours answer `unavailable` in the same turn. */
  private async admitHandoff(conversation: Conversation, session: Session, effects: Effect[], turn: TurnSoFar): Promise<FlowEvent | null> {
    const hooks = this.options.handoffs;
    if (!hooks || conversation.record.preview || session.wait?.for !== 'handoff') return null;
    const request = effects.find((e): e is HandoffEffect => e.type === 'handoff');
    if (!request) return null;
    await this.confirmFresh(conversation);
    const admission = await hooks.requested(conversation.record, session, request);
    if (admission.status === 'queued') {
      turn.queued = { callbackAfterSeconds: admission.callbackAfterSeconds, offerCallbackNow: admission.offerCallbackNow };
      return null;
    }
    // The channel must not put the caller in a queue nobody serves here (closed, or served on another channel).
    turn.effects.splice(turn.effects.indexOf(request), 1);
    return { type: 'handoff', outcome: admission.status };
  }

  private async tellHandoffs(conversation: Conversation, before: Session, event: FlowEvent, attempt: TurnAttempt): Promise<void> {
    const hooks = this.options.handoffs;
    if (!hooks || conversation.record.preview || before.wait?.for !== 'handoff' || attempt.toldHandoffs) return;
    await this.confirmFresh(conversation);
    await hooks.waitingEvent(conversation.record, before, event);
    attempt.toldHandoffs = true;
  }

  /**
   * The session under `key` and the flow it runs. With `cached`, as this instance's last turn
   * saved it, when it did (`SessionCache`): no read, no unsealing, the same parsed flow (a
   * version's document never changes; a draft is resolved again, its edits reach previews at
   * their next turn). Otherwise, or when not kept here, from the store.
   */
  private load(key: string, options: { cached?: boolean } = {}): Conversation | Promise<Conversation | null> {
    const now = isoTime(this.options.clock());
    const kept = options.cached ? this.sessions.take(key, now) : undefined;
    // A published version's session kept here is all there is to load: no promise, no hop (issue 17).
    if (kept && kept.record.session.flowVersion !== null) return this.cachedConversation(kept, kept.flow);
    return this.loadAsync(key, now, kept);
  }

  private cachedConversation(kept: CachedConversation, flow: Flow): Conversation {
    return { record: kept.record, flow, cached: true, ...(kept.heldLookup ? { heldLookup: true } : {}) };
  }

  private async loadAsync(key: string, now: string, kept: CachedConversation | undefined): Promise<Conversation | null> {
    if (kept) {
      // A draft (a preview) is resolved again: its edits reach the tester at their next turn.
      const flow = await this.flowOf(kept.record);
      if (flow) return this.cachedConversation(kept, flow);
    }
    const stored = await this.store.getSession(key, now);
    if (!stored) {
      this.previews.delete(key);
      return null;
    }
    const flow = await this.flowOf(stored);
    return flow ? { record: this.vault.open(stored), flow } : null;
  }

  private async flowOf(record: SessionRecord): Promise<Flow | null> {
    const { flowId, flowVersion } = record.session;
    const resolved = await this.loadFlow(flowId, flowVersion === null ? 'draft' : { version: flowVersion });
    if (!resolved) this.log.warn({ event: 'conversation.flowGone', session: logKeyOf(record.key), flowId, version: flowVersion }, 'the flow of a running session is gone');
    return resolved?.flow ?? null;
  }

  /** A turn's writes, then the session kept for the conversation's next event. */
  private async save(conversation: Conversation, before: Session, after: Session, event: FlowEvent, input: JsonValue, turn: TurnSoFar, began: number): Promise<void> {
    // Linking a caller writes outside the turn: not on a session another instance moved on.
    if (turn.effects.some((e) => e.type === 'linkCaller')) await this.confirmFresh(conversation);
    await this.recorder.record(conversation, before, after, event, input, turn, began);
    conversation.cached = false;
    this.keep(conversation);
    // A goodbye kept for jambonz's retry (a closed line's first turn) after the call's final status
    // came (to another instance, before this turn was saved): no retry can come, it goes now. One
    // read, only for such a turn.
    if (conversation.record.answer?.ends && (await this.callOverSeen(conversation.record.key))) {
      await this.dropKeptGoodbye(this.vault.seal(conversation.flow, conversation.record));
      const { answer: _done, ...rest } = conversation.record;
      conversation.record = rest;
    }
  }

  /**
   * The call's final status found no session (its first turn not saved yet, on another instance):
   * written down (a lease `callOver:<key>`, lapsing when no first turn can still be saved) before the
   * session is read again, so that of the status and a first turn whose goodbye is kept, the later
   * one always sees the other (each writes, then reads), in either order.
   */
  private async markCallOver(key: string): Promise<void> {
    const now = this.options.clock();
    await this.store.leases.acquireLease(`callOver:${key}`, this.instanceId, isoTime(new Date(now.getTime() + RESENT_KEPT_MS)), isoTime(now));
  }

  private async callOverSeen(key: string): Promise<boolean> {
    const lease = await this.store.leases.getLease(`callOver:${key}`);
    return lease !== null && lease.until > isoTime(this.options.clock());
  }

  private keep(conversation: Conversation): void {
    const { record, flow } = conversation;
    // An ended contact is kept as the store keeps it: without its sensitive values.
    const kept = record.session.status === 'ended' ? this.vault.seal(flow, record) : record;
    this.sessions.put(record.key, { record: kept, flow, heldLookup: conversation.heldLookup === true });
  }

  /**
   * Before a turn on a session taken from this instance's cache reaches outside the engine (a
   * look-up, the agent queues, a caller link), the store is asked whether the session is still
   * at that revision: a turn on a session another instance moved on must not act, only run again.
   */
  private async confirmFresh(conversation: Conversation): Promise<void> {
    if (!conversation.cached) return;
    const { key, revision } = conversation.record;
    const stored = await this.store.getSessionRevision(key, isoTime(this.options.clock()));
    // Revision 0: no live session (a new contact presumed alone under its key).
    if ((stored ?? 0) !== (revision ?? 0)) throw new SessionConflict(key, true);
    conversation.cached = false;
  }

  private output(conversation: Conversation, session: Session, turn: TurnSoFar): TurnOutput {
    return {
      status: session.status === 'ended' ? 'ended' : 'ok',
      session,
      effects: turn.effects,
      issues: turn.issues,
      trace: turn.trace,
      flow: conversation.flow,
      ...(turn.queued ? { queued: turn.queued } : {}),
      ...(turn.lookups ? { lookups: turn.lookups } : {}),
      ...(turn.understanding ? { understanding: turn.understanding } : {}),
    };
  }
}
