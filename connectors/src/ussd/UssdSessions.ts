import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { channelCapabilities, pageMove, pageText, renderScreens, systemTexts, writtenLocaleFor, type FlowEvent, type JsonValue, type Page, type ScreenClosing, type SystemTexts } from '@griot/flows';
import type { ChannelReplies } from '../channel/Channel.ts';
import { silentLogger, type ChannelLogger } from '../channel/ChannelLogger.ts';
import type { ChannelStates } from '../channel/ChannelStates.ts';
import { endedBefore, type BindingDirectory, type ChannelBinding, type ConversationPort, type ConversationTurn } from '../channel/ConversationPort.ts';
import { KeyedQueue } from '../channel/KeyedQueue.ts';
import { StoreFailureLog } from '../channel/StoreFailureLog.ts';
import type { UssdConfig } from './ussdConfig.ts';
import { followUpFor, type FollowUp } from './ussdFollowUp.ts';
import { followUpText } from './followUpText.ts';
import { answersOf, type UssdRequest } from './ussdRequest.ts';

const capabilities = channelCapabilities.ussd;

/** A screen as kept between requests (its text and the paging it offers). */
type Screen = Pick<Page, 'screen' | 'hasNext' | 'hasBack'>;

/** What the subscriber sees now: the screens of the last turn, the one on display, and whether the last one ends the session. */
interface View {
  pages: Screen[];
  page: number;
  final: boolean;
}

/**
 * What the channel keeps of a gateway session between its requests (`ChannelStates`: the Store,
 * sealed, shared by every instance). The gateway sends every answer again each time (`text`), so
 * what counts is how many were read, and the answer given to the last `text`: the same `text`
 * again (a retry) gets the same answer and moves nothing.
 */
export interface UssdState extends View {
  v: 1;
  /** The `text` last answered, and its answer (empty while the session's first request runs). */
  text: string;
  answer: string;
  /** Answers of `text` read (paging keys included). */
  read: number;
  /** A request being answered: by which process, for which `text`, until when (then another may take it over). */
  busy?: { owner: string; text: string; until: number };
  /** The contact's language (the words of a "busy" answer); absent before its first turn. */
  locale?: string;
  /**
   * Whose session it is: `k1.` and a keyed digest (the server's key) of the session, the phone
   * number and the service code that opened it (see `subscriberOf`). A request with the session's
   * id and another subscriber gets none of it. Absent from a state written before it was kept;
   * without the `k1.` in a state an earlier version wrote (an unkeyed digest: see `answerOnce`).
   */
  who?: string;
}

/**
 * One gateway request against its deadline: `shed` once it was answered "busy" (the gateway has
 * closed the session); `started` once its session's queue let it run.
 */
interface Ticket {
  shed: boolean;
  started: boolean;
}

/** A look-up that outlived the screen: its answer goes by the follow-up channel, if any, and the contact ends. */
interface SlowLookup {
  followUp: FollowUp | null;
}

interface Advanced {
  view: View;
  slow?: SlowLookup;
  /** The contact's language after the turn. */
  locale?: string;
}

export interface UssdSessionsOptions {
  port: ConversationPort;
  bindings: BindingDirectory;
  states: ChannelStates;
  config: Pick<UssdConfig, 'lookupBudgetMs' | 'followUpChannel' | 'followUpWaitMs' | 'locale' | 'maxPending' | 'maxPendingPerSender' | 'answerWithinMs'>;
  /** The mounted channels' replies (the follow-up channel's). */
  repliesOf?: (channel: NonNullable<UssdConfig['followUpChannel']>) => ChannelReplies | undefined;
  logger?: ChannelLogger;
  /** A request answered "busy" (shed), and why: `queued` behind its session, `slow` turn, this process `full`, its phone number over its share (`sender`). */
  onShed?: (reason: ShedReason) => void;
  /** A request refused because its session is another subscriber's (another phone number, or another service code). */
  onNotYours?: () => void;
  /**
   * A keyed digest with the server's key (the same on every instance and across restarts), of
   * what binds a session to its subscriber: the state (in the Store, in backups) then holds
   * nothing a reader could turn back into the number by hashing every number of the plan.
   */
  digest: (text: string) => Promise<string>;
  now?: () => number;
}

/** How long a live session's state is kept after its last request (gateways end a session within minutes). */
const LIVE_MS = 10 * 60_000;
/** How long the state of a session that ended is kept, for the gateway's retries of its last request. */
const ENDED_MS = 2 * 60_000;
const POLL_MS = 25;
/** Why a request was answered "busy" (see `UssdSessions`). */
export type ShedReason = 'queued' | 'slow' | 'full' | 'sender';

/** Languages of the sessions answered lately, for a "busy" answer given before the state is read. */
const REMEMBERED_LOCALES = 50_000;

/**
 * The USSD sessions: each gateway request is answered with one screen (`CON …` to read an
 * answer, `END …` to close), within the request. The first request starts the contact on the
 * flow bound to the service code; later ones read the answers the gateway adds to `text`, one by
 * one: a paging key moves between the screens of the last turn, anything else goes to the flow.
 * The state is written (conditionally on its revision) before the answer leaves: a request
 * delivered again is answered the same and advances nothing, here or on another instance.
 *
 * A look-up slower than `lookupBudgetMs` ends the session politely; its answer follows on the
 * follow-up channel (SMS) when one can reach the subscriber. A handoff ends it too: the contact
 * waits for an agent, who calls back.
 *
 * Overload: a request not answered `answerWithinMs` after it arrived (queued behind its session,
 * or its turn too slow) is shed: `END` "busy" in the contact's language, before the gateway gives
 * up and drops whatever comes later. If it had not started, nothing of it is read; if its turn
 * finishes later, what it showed is never shown. Either way the session's state then records that
 * `END` for its `text` (a retry gets the same) and the contact ends (`ussdShed`), unless the
 * turn handed it to an agent (who calls back) or its look-up's answer follows by SMS.
 */
export class UssdSessions {
  private readonly queue: KeyedQueue;
  private readonly owner = randomUUID();
  private readonly logger: ChannelLogger;
  private readonly now: () => number;
  private readonly background = new Set<Promise<void>>();
  private readonly leaseMs: number;
  private readonly locales = new Map<string, string>();
  /** Requests that failed because the store did: counted (`griot_store_failures_total{channel="ussd"}`), said once a minute per cause. */
  private readonly storeFailures: StoreFailureLog;

  constructor(private readonly options: UssdSessionsOptions) {
    this.logger = options.logger ?? silentLogger;
    this.storeFailures = new StoreFailureLog(options.port, 'ussd', this.logger);
    this.now = options.now ?? Date.now;
    this.queue = new KeyedQueue(options.config.maxPending, (error, key) => this.logger.error({ session: key, error: String(error) }, 'USSD request failed'), options.config.maxPendingPerSender);
    // Past the look-up budget and a margin for the store, a request's owner is taken for dead.
    this.leaseMs = options.config.lookupBudgetMs + 3000;
  }

  /**
   * The answer to one gateway request (`CON …` or `END …`), in order per session, within
   * `answerWithinMs` of its arrival, `elapsedMs` ago (else `END` "busy": see the class).
   */
  answer(request: UssdRequest, elapsedMs = 0): Promise<string> {
    const key = `ussd:${request.sessionId}`;
    const ticket: Ticket = { shed: false, started: false };
    return new Promise<string>((resolve) => {
      let settled = false;
      const reply = (text: string) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(text);
      };
      const shed = (reason: ShedReason) => {
        ticket.shed = true;
        this.options.onShed?.(reason);
        const why = reason === 'full' || reason === 'sender' ? 'too many requests waiting (in all, or of this phone number)' : 'not answered before the gateway gives up';
        this.logger.warn({ session: key, reason }, `USSD request shed: ${why}`);
        reply(`END ${systemTexts(this.localeOf(key)).busy}`);
      };
      const timer = setTimeout(
        () => {
          if (!settled) shed(ticket.started ? 'slow' : 'queued');
        },
        Math.max(0, this.options.config.answerWithinMs - elapsedMs),
      );
      // Counted per phone number too: one number (a looping gateway session, a scripted handset) cannot fill the queue for everyone.
      const sender = `ussd-number:${request.phoneNumber}`;
      const queued = this.queue.tryRun(
        key,
        async () => {
          ticket.started = true;
          try {
            reply(await this.answerOnce(key, request, ticket));
          } catch (error) {
            // The store failing (a full disk, MongoDB gone): counted like every channel's, one line a minute per cause.
            if (!this.storeFailures.failed(error, { session: key }, 'USSD request failed, the subscriber told of a technical problem')) {
              this.logger.error({ session: key, error: error instanceof Error ? error.message : String(error) }, 'USSD request failed');
            }
            reply(`END ${systemTexts(this.localeOf(key)).technicalProblem}`);
          }
        },
        sender,
      );
      // Too much waiting in this process, or for this number: the subscriber is told, nothing is started.
      if (!queued) shed(this.queue.pending >= this.queue.maxPending ? 'full' : 'sender');
    });
  }

  /** Lets the requests under way finish, and the follow-ups for a few seconds more. */
  async close(): Promise<void> {
    await this.queue.idle();
    await Promise.race([Promise.allSettled([...this.background]), new Promise((resolve) => setTimeout(resolve, 5000).unref())]);
  }

  private async answerOnce(key: string, request: UssdRequest, ticket: Ticket): Promise<string> {
    const { states } = this.options;
    const deadline = this.now() + this.leaseMs + 1000;
    const who = await this.subscriberOf(key, request);
    for (;;) {
      const stored = await states.get(key);
      const state = stored ? (stored.value as unknown as UssdState) : null;
      const revision = stored?.revision ?? 0;
      // The session's id with another number (or code): not its subscriber. Nothing of it is read or
      // shown (its last screen may hold a PUK code), nothing moves; the session goes on for its own.
      if (state?.who !== undefined && !sameSubscriber(state.who, who, request)) return this.notYours(key);
      const answered = state && state.answer !== '' ? state : null;
      // The gateway sent this again (a retry), or an older request arrived late: the same screen, nothing moves.
      if (answered && (answered.text === request.text || !extends_(request.text, answered.text))) return answered.answer;
      if (state?.busy && state.busy.owner !== this.owner && state.busy.until > this.now()) {
        // Another instance answers this session now: its answer (or its lease running out) decides.
        // Shed meanwhile: that instance writes what this session showed; nothing to do here.
        if (ticket.shed) return '';
        if (this.now() > deadline) return `END ${systemTexts(this.options.config.locale).technicalProblem}`;
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
        continue;
      }
      const busy = { owner: this.owner, text: request.text, until: this.now() + this.leaseMs };
      const marked: UssdState = answered ? { ...answered, busy } : { v: 1, text: '', answer: '', read: 0, pages: [], page: 0, final: false, busy, who };
      // A claim: lost with this process if it dies (then the lease runs out), so not waited for
      // on disk; it commits with the turn that follows, one write where there were two.
      if (!(await states.claim(key, marked as unknown as JsonValue, revision, this.expiry(false)))) continue;
      return this.process(key, request, answered, revision + 1, ticket, who);
    }
  }

  /** The request's subscriber as its session's state names them (`UssdState.who`). */
  private async subscriberOf(key: string, request: Pick<UssdRequest, 'phoneNumber' | 'serviceCode'>): Promise<string> {
    return `${KEYED}${await this.options.digest(`ussd-session\u0000${key}\u0000${subscriberText(request)}`)}`;
  }

  /** The answer to a request for a session another subscriber opened: `END`, logged and counted (never with a number). */
  private notYours(key: string): string {
    this.options.onNotYours?.();
    this.logger.warn({ session: key }, 'USSD request refused: its session id is of a session another phone number (or service code) opened');
    return `END ${systemTexts(this.options.config.locale).sessionNotYours}`;
  }

  private async process(key: string, request: UssdRequest, previous: UssdState | null, revision: number, ticket: Ticket, who: string): Promise<string> {
    const { states } = this.options;
    // Shed before it could start: nothing of it is read; the contact (if any) is as it was.
    const ran = !ticket.shed;
    let advanced: Advanced;
    try {
      advanced = ran ? await this.advance(key, request, previous, ticket) : { view: previous ?? { pages: [], page: 0, final: true } };
    } catch (error) {
      // Nothing answered: the gateway's retry runs from where the session was.
      if (previous) await states.put(key, previous as unknown as JsonValue, revision, this.expiry(false)).catch(() => false);
      else await states.delete(key).catch(() => undefined);
      throw error;
    }
    const { slow } = advanced;
    const locale = advanced.locale ?? previous?.locale;
    if (locale) this.rememberLocale(key, locale);
    // Shed (now or while the turn ran): the gateway closed the session on "busy", so that is what it showed.
    const shed = ticket.shed;
    const view = shed ? closingView(locale ?? this.options.config.locale, (t) => t.busy) : advanced.view;
    const closes = view.final && view.page === view.pages.length - 1;
    const answer = `${closes ? 'END' : 'CON'} ${view.pages[view.page]?.screen ?? ''}`;
    const next: UssdState = { v: 1, text: request.text, answer, read: answersOf(request.text).length, ...view, ...(locale ? { locale } : {}), who };
    if (!(await states.put(key, next as unknown as JsonValue, revision, this.expiry(closes)))) {
      this.logger.warn({ session: key }, 'another instance took this USSD request over: it answers the retries');
    }
    if (slow) this.track(this.finishSlow(key, slow));
    // The gateway's session is over: so is the contact, unless it already closed (ended, with an agent).
    else if (shed && (ran || previous !== null) && !advanced.view.final) this.track(this.endShed(key));
    return answer;
  }

  /** A shed session's contact ends: the next dial starts a new one from the flow's start. */
  private async endShed(key: string): Promise<void> {
    await this.options.port.end(key, 'ussdShed').catch((error: unknown) => this.logger.warn({ session: key, error: String(error) }, 'ending a USSD contact failed'));
  }

  private localeOf(key: string): string {
    return this.locales.get(key) ?? this.options.config.locale;
  }

  private rememberLocale(key: string, locale: string): void {
    this.locales.delete(key);
    this.locales.set(key, locale);
    // Oldest first: past the bound, the session least recently answered is forgotten (its "busy" is in the channel's language).
    if (this.locales.size > REMEMBERED_LOCALES) this.locales.delete(this.locales.keys().next().value as string);
  }

  /** Reads the new answers of `text` in order, from the start of the contact on its first request. */
  private async advance(key: string, request: UssdRequest, previous: UssdState | null, ticket: Ticket): Promise<Advanced> {
    const started = this.now();
    const budget = () => Math.max(0, this.options.config.lookupBudgetMs - (this.now() - started));
    const answers = answersOf(request.text);
    let binding: ChannelBinding | null = null;
    let current: Advanced;
    let unread: string[];
    if (previous) {
      current = { view: { pages: previous.pages, page: previous.page, final: previous.final }, ...(previous.locale ? { locale: previous.locale } : {}) };
      unread = answers.slice(previous.read);
    } else {
      binding = await this.options.bindings.findBinding('ussd', request.serviceCode);
      if (!binding) return { view: closingView(this.options.config.locale, (t) => t.serviceUnavailable) };
      const turn = await this.options.port.start({
        key,
        // No state under this gateway session: a new dial, so no contact to close first (the entry and the
        // caller's profile are one read); one found anyway when saving runs the start again.
        newKey: true,
        channel: 'ussd',
        flow: { bindingId: binding.id },
        callerNumber: request.phoneNumber,
        preview: false,
        webhookBudgetMs: budget(),
      });
      current = await this.viewOf(turn, () => Promise.resolve(binding));
      // A code dialled with its answers (`*919*2#`) brings them on the first request.
      unread = answers;
    }
    const bindingOf = async () => (binding ??= await this.options.bindings.findBinding('ussd', request.serviceCode));
    for (const answer of unread) {
      const { view } = current;
      // Shed: the gateway has closed the session; the answers not yet read stay unread.
      if (ticket.shed || current.slow || (view.final && view.page === view.pages.length - 1)) break;
      const move = pageMove(answer, view.pages[view.page] ?? { hasNext: false, hasBack: false }, capabilities);
      if (move) {
        current = { ...current, view: { ...view, page: view.page + (move === 'next' ? 1 : -1) } };
        continue;
      }
      // The session is closing: only paging through its last screens means something.
      if (view.final) continue;
      current = await this.viewOf(await this.options.port.handle(key, eventOf(answer), { webhookBudgetMs: budget() }), bindingOf);
    }
    return current;
  }

  /** The screens of a turn, and whether (and why) they close the session. */
  private async viewOf(turn: ConversationTurn, bindingOf: () => Promise<ChannelBinding | null>): Promise<Advanced> {
    const session = turn.session;
    // The contact is gone (it expired, an agent closed it): a new dial starts another.
    if (turn.status === 'missing' || !session || endedBefore(turn)) return { view: closingView(session?.locale ?? this.options.config.locale, (t) => t.technicalProblem) };
    let closing: ScreenClosing | undefined;
    let slow: SlowLookup | undefined;
    if (turn.pendingWebhook) {
      const binding = await bindingOf();
      const followUp = await followUpFor(
        {
          ...(this.options.config.followUpChannel ? { channel: this.options.config.followUpChannel } : {}),
          ...(this.options.repliesOf ? { repliesOf: this.options.repliesOf } : {}),
          bindings: this.options.bindings,
        },
        { flowId: session.flowId, ...(binding?.environment ? { environment: binding.environment } : {}), callerNumber: session.caller.number, locale: session.locale },
      ).catch((error: unknown) => {
        this.logger.warn({ error: String(error) }, 'the follow-up channel could not be looked up');
        return null;
      });
      closing = followUp ? 'answerFollows' : 'tryAgainLater';
      slow = { followUp };
    } else if (session.status === 'ended') closing = 'ended';
    else if (session.status === 'handoff') closing = 'agent';
    const followUpLabel = slow?.followUp ? channelCapabilities[slow.followUp.target.channel].label : undefined;
    // A language without Griot's own words (Fon) reads the paging and closing words of the flow's first written one (French on 1919).
    const locale = writtenLocaleFor(session.locale, turn.flow?.locales ?? []);
    const screens = renderScreens(turn.effects ?? [], { capabilities, locale, ...(closing ? { closing } : {}), ...(followUpLabel ? { followUpLabel } : {}) });
    const view: View = { pages: screens.pages.map(({ screen, hasNext, hasBack }) => ({ screen, hasNext, hasBack })), page: 0, final: screens.final };
    return { view, locale, ...(slow ? { slow } : {}) };
  }

  /**
   * After the screen that ended the session: waits for the slow look-up, sends what the flow said
   * next by the follow-up channel (once: its key derives from the session), and closes the contact.
   */
  private async finishSlow(key: string, slow: SlowLookup): Promise<void> {
    const { port } = this.options;
    try {
      if (slow.followUp) {
        const turn = await port.awaitPending(key, this.options.config.followUpWaitMs);
        const text = turn && !turn.pendingWebhook ? followUpText(turn.effects ?? []) : '';
        if (text !== '') {
          await slow.followUp.send(text, `${key}:followUp`);
          this.logger.info({ session: key, channel: slow.followUp.target.channel }, 'late answer sent by the follow-up channel');
        } else if (!turn || turn.pendingWebhook) {
          this.logger.warn({ session: key }, 'the look-up did not answer in time for a follow-up');
        }
      }
    } catch (error) {
      this.logger.error({ session: key, error: error instanceof Error ? error.message : String(error) }, 'the follow-up could not be sent');
    } finally {
      // The USSD session is over: the contact ends with it.
      await port.end(key, 'ussdClosed').catch((error: unknown) => this.logger.warn({ session: key, error: String(error) }, 'ending a USSD contact failed'));
    }
  }

  private track(task: Promise<void>): void {
    this.background.add(task);
    void task.finally(() => this.background.delete(task));
  }

  private expiry(ended: boolean): string {
    return new Date(this.now() + (ended ? ENDED_MS : LIVE_MS)).toISOString();
  }
}

/** Whether `text` carries the answers of `before` and more (the gateway only ever appends). */
function extends_(text: string, before: string): boolean {
  return before === '' ? text !== '' : text.startsWith(`${before}*`);
}

/** An empty answer (Send pressed with nothing typed) is silence; anything else is typed text, as on other text channels. */
function eventOf(answer: string): FlowEvent {
  const text = answer.trim();
  return text === '' ? { type: 'noInput' } : { type: 'text', text };
}

/** A screen that ends the session with the channel's own words (of a locale). */
function closingView(locale: string, words: (texts: SystemTexts) => string): View {
  const texts = systemTexts(locale);
  const paging = capabilities.pages!;
  const pages = pageText(words(texts), {
    screenMaxLength: paging.screenMaxLength,
    ucs2ScreenMaxLength: paging.ucs2ScreenMaxLength,
    next: `${paging.nextKey} ${texts.nextPage}`,
    back: `${paging.backKey} ${texts.previousPage}`,
  });
  return { pages: pages.map(({ screen, hasNext, hasBack }) => ({ screen, hasNext, hasBack })), page: 0, final: true };
}

/** How a keyed `who` starts (an earlier version's unkeyed one has no prefix). */
const KEYED = 'k1.';

/** Who a request comes from: the phone number (`+` or not, as gateways differ) and the service code. */
function subscriberText(request: Pick<UssdRequest, 'phoneNumber' | 'serviceCode'>): string {
  return `${request.phoneNumber.replace(/^\+/, '')}\u0000${request.serviceCode}`;
}

/**
 * Whether a session bound to `bound` is the request's (`who`, keyed). A binding written before
 * the upgrade (an unkeyed SHA-256, no `k1.`) is checked once the old way: its own subscriber
 * goes on (during a rolling upgrade a session opened on an old instance is not cut off), and the
 * state written with the answer carries the keyed digest instead. Such states live minutes (a
 * gateway session's length), so the unkeyed digests are gone from the Store soon after.
 */
function sameSubscriber(bound: string, who: string, request: Pick<UssdRequest, 'phoneNumber' | 'serviceCode'>): boolean {
  if (bound.startsWith(KEYED)) return equalText(bound, who);
  return equalText(bound, createHash('sha256').update(subscriberText(request)).digest('base64url').slice(0, 22));
}

function equalText(a: string, b: string): boolean {
  const [x, y] = [Buffer.from(a), Buffer.from(b)];
  return x.length === y.length && timingSafeEqual(x, y);
}
