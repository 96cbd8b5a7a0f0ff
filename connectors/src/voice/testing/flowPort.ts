import { createSession, fixtureToEvent, step, type Channel, type Effect, type Flow, type FlowEvent, type HttpFixture, type Session, type TestCase } from '@griot/flows';
import type { BindingDirectory, ChannelBinding, ConversationPort, ConversationTurn, StartConversation } from '../../channel/ConversationPort.ts';

export interface FlowPortOptions {
  flow: Flow;
  bindings: Array<Omit<ChannelBinding, 'channel' | 'settings'> & { channel?: ChannelBinding['channel']; settings?: ChannelBinding['settings'] }>;
  /** Answers for http nodes (a list answers successive calls) and the model's for intent nodes, by node id. */
  fixtures?: TestCase['fixtures'];
  /** Milliseconds each http node's look-up takes (default 0). */
  lookupDelayMs?: Record<string, number>;
  /** Publishes nothing: `start` rejects, as the engine does. */
  unpublished?: boolean;
  /** Locale to start every conversation in (a tester's choice). */
  startLocale?: string;
  /** Handoffs join a queue that offers a callback after this wait (seconds), as the agent queues answer; none when unset. */
  callbackAfterSeconds?: number;
  /** A handoff that continues on another channel (`continueOn`) is carried over there, as the agent queues do when they can. */
  carryOver?: boolean;
}

interface Conversation {
  session: Session;
  pending?: Promise<ConversationTurn>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * An in-memory engine behind the voice port, driven by the pure interpreter with test fixtures
 * for look-ups: the contract the runtime's ConversationService fulfils, small enough to reason
 * about in connector tests. Remembers each caller's language across calls, as the runtime does.
 */
export class FlowPort implements ConversationPort, BindingDirectory {
  readonly conversations = new Map<string, Conversation>();
  readonly ended = new Map<string, string>();
  readonly callerLocales = new Map<string, string>();
  readonly callerLastChannels = new Map<string, Channel>();
  readonly events: Array<{ key: string; event: FlowEvent }> = [];
  /** Callers who declined a callback and went back to the queue, by conversation key. */
  readonly keptWaiting: string[] = [];
  private readonly fixtureUse = new Map<string, number>();

  constructor(readonly options: FlowPortOptions) {}

  async findBinding(channel: Channel, address: string): Promise<ChannelBinding | null> {
    const found = this.options.bindings.find((b) => (b.channel ?? 'voice') === channel && b.address === address);
    return found ? { channel: 'voice', settings: {}, ...found } : null;
  }

  async getBinding(id: string): Promise<ChannelBinding | null> {
    const found = this.options.bindings.find((b) => b.id === id);
    return found ? { channel: 'voice', settings: {}, ...found } : null;
  }

  async start(input: StartConversation): Promise<ConversationTurn> {
    if (this.options.unpublished) throw Object.assign(new Error(`flow ${this.options.flow.id} has no version in production`), { code: 'flow_not_runnable' });
    if (input.onlyNew && this.conversations.has(input.key)) return { status: 'missing', replayed: true };
    const knownLocale = this.callerLocales.get(input.callerNumber);
    const lastChannel = this.callerLastChannels.get(input.callerNumber);
    const session = createSession(this.options.flow, {
      channel: 'voice',
      caller: { number: input.callerNumber, ...(knownLocale ? { knownLocale } : {}), ...(lastChannel ? { lastChannel } : {}) },
      flowVersion: 1,
      ...((input.locale ?? this.options.startLocale) ? { locale: input.locale ?? this.options.startLocale } : {}),
    });
    this.conversations.set(input.key, { session });
    return this.deliver(input.key, { type: 'start' }, input.webhookBudgetMs ?? 2500);
  }

  async handle(key: string, event: FlowEvent, options?: { webhookBudgetMs?: number; turn?: number }): Promise<ConversationTurn> {
    const conversation = this.conversations.get(key);
    if (!conversation) return { status: 'missing', effects: [] };
    if (conversation.pending) await conversation.pending;
    // As the runtime's engine: an event for a turn the session is past runs nothing.
    if (options?.turn !== undefined && conversation.session.status !== 'ended' && conversation.session.turns !== options.turn) return { status: 'missing', replayed: true };
    return this.deliver(key, event, options?.webhookBudgetMs ?? 2500);
  }

  async awaitPending(key: string, maxWaitMs: number): Promise<ConversationTurn | null> {
    const conversation = this.conversations.get(key);
    if (!conversation?.pending) return null;
    const waited = await Promise.race([conversation.pending, sleep(maxWaitMs).then(() => undefined)]);
    return waited ?? this.turn(conversation.session, [], true);
  }

  async end(key: string, reason: string): Promise<ConversationTurn> {
    const conversation = this.conversations.get(key);
    if (!conversation) return { status: 'missing', effects: [] };
    this.ended.set(key, reason);
    const { session } = conversation;
    this.callerLocales.set(session.caller.number, session.locale);
    this.callerLastChannels.set(session.caller.number, 'voice');
    session.status = 'ended';
    session.endReason ??= reason;
    return this.turn(session, [], false, 'ended');
  }

  async keepWaiting(key: string): Promise<{ priority: number } | null> {
    const session = this.conversations.get(key)?.session;
    if (session?.wait?.for !== 'handoff') return null;
    this.keptWaiting.push(key);
    return { priority: 0 };
  }

  private turn(session: Session, effects: Effect[], pending = false, status: ConversationTurn['status'] = 'ok'): ConversationTurn {
    const after = this.options.callbackAfterSeconds;
    const queued = after !== undefined && effects.some((e) => e.type === 'handoff');
    return {
      status,
      session,
      effects,
      issues: [],
      flow: this.options.flow,
      ...(pending ? { pendingWebhook: { node: session.wait?.node } } : {}),
      ...(queued ? { queued: { callbackAfterSeconds: after, offerCallbackNow: false } } : {}),
    };
  }

  /** Runs the event, then answers look-ups from fixtures until the flow waits for the caller. */
  private async deliver(key: string, event: FlowEvent, budgetMs: number): Promise<ConversationTurn> {
    const conversation = this.conversations.get(key) as Conversation;
    this.events.push({ key, event });
    const effects: Effect[] = [];
    let next: FlowEvent | undefined = event;
    while (next) {
      const result = step(this.options.flow, conversation.session, next);
      conversation.session = result.session;
      effects.push(...result.effects);
      next = undefined;
      const elsewhere = result.effects.find((e) => e.type === 'handoff' && e.continueOn !== undefined);
      if (elsewhere && this.options.carryOver && conversation.session.wait?.for === 'handoff') {
        // The other channel takes the contact: this one must not queue the caller.
        effects.splice(effects.indexOf(elsewhere), 1);
        next = { type: 'handoff', outcome: 'continued' };
        continue;
      }
      const classify = result.effects.find((e) => e.type === 'classify');
      if (classify && conversation.session.wait?.for === 'classifier') {
        // The scripted model answer, else the flow's fallback classifier (as a runtime without a model).
        const fixture = this.options.fixtures?.[classify.node];
        next =
          fixture && !Array.isArray(fixture) && 'intent' in fixture
            ? { type: 'classification', outcome: 'ok', intent: fixture.intent, confidence: fixture.confidence }
            : { type: 'classification', outcome: 'unavailable' };
        continue;
      }
      const webhook = result.effects.find((e) => e.type === 'webhook');
      if (!webhook || conversation.session.wait?.for !== 'webhook') break;
      const delay = this.options.lookupDelayMs?.[webhook.node] ?? 0;
      const answer = this.fixtureFor(webhook.node);
      if (delay > budgetMs) {
        conversation.pending = sleep(delay).then(() => {
          conversation.pending = undefined;
          return this.deliver(key, answer, Number.POSITIVE_INFINITY);
        });
        // Like the engine: the turn answers early, ending with the look-up's wait prompt.
        if (webhook.waitPrompt) effects.push(webhook.waitPrompt);
        return this.turn(conversation.session, effects, true);
      }
      if (delay > 0) await sleep(delay);
      next = answer;
    }
    return this.turn(conversation.session, effects);
  }

  private fixtureFor(node: string): FlowEvent {
    const fixture = this.options.fixtures?.[node];
    if (!fixture || (!Array.isArray(fixture) && 'intent' in fixture)) return { type: 'webhook', outcome: 'error', message: 'no fixture' };
    const list = Array.isArray(fixture) ? fixture : [fixture];
    const used = this.fixtureUse.get(node) ?? 0;
    this.fixtureUse.set(node, used + 1);
    return fixtureToEvent(list[Math.min(used, list.length - 1)] as HttpFixture);
  }
}
