import { createSession, step, type Channel, type Flow, type FlowEvent, type Session, type WebhookEffect } from '@griot/flows';
import type { BindingDirectory, ChannelBinding, ConversationPort, ConversationTurn, StartConversation } from '../../channel/ConversationPort.ts';

/** How a test answers a flow's look-ups (an `http` node): the event it feeds back, when it settles. */
export type TestLookup = (request: WebhookEffect) => Promise<FlowEvent>;

/**
 * A conversation engine in memory over the flow interpreter, for connector tests and the
 * benchmark without the runtime: sessions by key, the caller's language remembered by number,
 * webhook nodes answered as errors (or by `lookup`, within the turn's budget like the runtime's
 * engine: a slower one leaves the turn pending, `awaitPending` gives what follows). Not for
 * production (nothing durable).
 */
export class InterpreterPort implements ConversationPort, BindingDirectory {
  readonly sessions = new Map<string, Session>();
  readonly knownLocales = new Map<string, string>();
  readonly calls: { op: 'start' | 'handle' | 'end'; key: string; event?: FlowEvent; reason?: string }[] = [];
  private readonly bindings: ChannelBinding[] = [];
  private readonly pending = new Map<string, Promise<ConversationTurn>>();

  constructor(
    private readonly flows: Record<string, Flow>,
    private readonly lookup?: TestLookup,
  ) {}

  async listBindings(): Promise<ChannelBinding[]> {
    return [...this.bindings];
  }

  bind(binding: Omit<ChannelBinding, 'settings'> & { settings?: ChannelBinding['settings'] }): this {
    this.bindings.push({ settings: {}, ...binding });
    return this;
  }

  async findBinding(channel: Channel, address: string): Promise<ChannelBinding | null> {
    return this.bindings.find((b) => b.channel === channel && b.address === address) ?? null;
  }

  async getBinding(id: string): Promise<ChannelBinding | null> {
    return this.bindings.find((b) => b.id === id) ?? null;
  }

  async start(input: StartConversation): Promise<ConversationTurn> {
    this.calls.push({ op: 'start', key: input.key });
    const binding = await this.getBinding(input.flow.bindingId);
    const flow = binding ? this.flows[binding.flowId] : undefined;
    if (!flow) throw new Error(`no flow for binding ${input.flow.bindingId}`);
    const knownLocale = this.knownLocales.get(input.callerNumber);
    const session = createSession(flow, {
      channel: input.channel,
      caller: { number: input.callerNumber, ...(knownLocale ? { knownLocale } : {}), ...(input.source ? { source: input.source } : {}) },
      flowVersion: 1,
      ...(input.locale ? { locale: input.locale } : {}),
    });
    return this.run(input.key, flow, session, { type: 'start' }, input.webhookBudgetMs);
  }

  async handle(key: string, event: FlowEvent, options: { webhookBudgetMs?: number; sharedNumber?: string } = {}): Promise<ConversationTurn> {
    this.calls.push({ op: 'handle', key, event });
    await this.pending.get(key);
    const session = this.sessions.get(key);
    if (!session) return { status: 'missing', session: null, effects: [], issues: [] };
    if (session.status === 'ended') return { status: 'ended', session, effects: [], issues: [], trace: { nodes: [] } };
    return this.run(key, this.flows[session.flowId] as Flow, session, event, options.webhookBudgetMs);
  }

  /** The turn after a look-up that outlived its budget, once it settles (within `maxWaitMs`); null when none runs. */
  async awaitPending(key: string, maxWaitMs: number): Promise<ConversationTurn | null> {
    const pending = this.pending.get(key);
    if (!pending) return null;
    const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), maxWaitMs).unref());
    const turn = await Promise.race([pending, timeout]);
    return turn ?? { status: 'ok', session: this.sessions.get(key) ?? null, effects: [], issues: [], pendingWebhook: true };
  }

  async end(key: string, reason?: string): Promise<void> {
    this.calls.push({ op: 'end', key, ...(reason !== undefined ? { reason } : {}) });
    await this.pending.get(key);
    this.sessions.delete(key);
  }

  private async run(key: string, flow: Flow, session: Session, event: FlowEvent, budgetMs?: number): Promise<ConversationTurn> {
    const started = Date.now();
    const result = step(flow, session, event);
    const effects = [...result.effects];
    let current = result.session;
    while (current.wait?.for === 'webhook') {
      const request = effects.findLast((e): e is WebhookEffect => e.type === 'webhook');
      // No backend given: the flow takes its error branch.
      const answer = this.lookup && request ? this.lookup(request) : Promise.resolve<FlowEvent>({ type: 'webhook', outcome: 'error', message: 'no backend in tests' });
      const left = budgetMs === undefined ? undefined : Math.max(0, budgetMs - (Date.now() - started));
      const settled = await settleWithin(answer, left);
      if (!settled) {
        // Slower than the budget: answered now with what was said, the rest when the look-up settles.
        const waiting = current;
        this.sessions.set(key, waiting);
        const continuation = answer.then((event) => this.run(key, flow, waiting, event));
        this.pending.set(key, continuation);
        void continuation.finally(() => {
          if (this.pending.get(key) === continuation) this.pending.delete(key);
        });
        return { status: 'ok', session: waiting, effects, issues: result.issues, trace: result.trace, flow: { id: flow.id, locales: flow.locales }, pendingWebhook: true };
      }
      const next = step(flow, current, settled.event);
      effects.push(...next.effects);
      current = next.session;
    }
    this.sessions.set(key, current);
    this.knownLocales.set(current.caller.number, current.locale);
    // Like the runtime's engine: `ended` also when this very turn ended the contact.
    return { status: current.status === 'ended' ? 'ended' : 'ok', session: current, effects, issues: result.issues, trace: result.trace, flow: { id: flow.id, locales: flow.locales } };
  }
}

async function settleWithin(answer: Promise<FlowEvent>, ms: number | undefined): Promise<{ event: FlowEvent } | null> {
  if (ms === undefined) return { event: await answer };
  const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), ms).unref());
  return Promise.race([answer.then((event) => ({ event })), timeout]);
}
