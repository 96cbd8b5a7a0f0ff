import { createSession, step, type Channel, type Flow, type FlowEvent, type Session } from '@griot/flows';
import type { BindingDirectory, ChannelBinding, ConversationPort, ConversationTurn, StartConversation } from '../../channel/ConversationPort.ts';

/**
 * A conversation engine in memory over the flow interpreter, for connector tests and the
 * benchmark without the runtime: sessions by key, the caller's language remembered by number,
 * webhook nodes answered as errors. Not for production (nothing durable).
 */
export class InterpreterPort implements ConversationPort, BindingDirectory {
  readonly sessions = new Map<string, Session>();
  readonly knownLocales = new Map<string, string>();
  readonly calls: { op: 'start' | 'handle' | 'end'; key: string; event?: FlowEvent }[] = [];
  private readonly bindings: ChannelBinding[] = [];

  constructor(private readonly flows: Record<string, Flow>) {}

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
      caller: { number: input.callerNumber, ...(knownLocale ? { knownLocale } : {}) },
      flowVersion: 1,
      ...(input.locale ? { locale: input.locale } : {}),
    });
    return this.run(input.key, flow, session, { type: 'start' });
  }

  async handle(key: string, event: FlowEvent): Promise<ConversationTurn> {
    this.calls.push({ op: 'handle', key, event });
    const session = this.sessions.get(key);
    if (!session) return { status: 'missing', session: null, effects: [], issues: [] };
    if (session.status === 'ended') return { status: 'ended', session, effects: [], issues: [], trace: { nodes: [] } };
    return this.run(key, this.flows[session.flowId] as Flow, session, event);
  }

  /** Look-ups are answered at once here: nothing is ever left pending. */
  async awaitPending(): Promise<ConversationTurn | null> {
    return null;
  }

  async end(key: string): Promise<void> {
    this.calls.push({ op: 'end', key });
    this.sessions.delete(key);
  }

  private run(key: string, flow: Flow, session: Session, event: FlowEvent): ConversationTurn {
    const result = step(flow, session, event);
    const effects = [...result.effects];
    let current = result.session;
    // Webhooks: no backend here; the flow takes its error branch.
    while (current.wait?.for === 'webhook') {
      const next = step(flow, current, { type: 'webhook', outcome: 'error', message: 'no backend in tests' });
      effects.push(...next.effects);
      current = next.session;
    }
    this.sessions.set(key, current);
    this.knownLocales.set(current.caller.number, current.locale);
    // Like the runtime's engine: `ended` also when this very turn ended the contact.
    return { status: current.status === 'ended' ? 'ended' : 'ok', session: current, effects, issues: result.issues, trace: result.trace };
  }
}
