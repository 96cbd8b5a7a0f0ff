import type { InboundMessage } from './inbound.ts';
import type { MessagingLedger } from './ledger.ts';
import {
  endedBefore, silentLogger, type BindingDirectory, type ConversationPort, type ConversationTurn, type MessagingBinding, type MessagingLogger,
} from './port.ts';

export interface MessagingConversationsOptions {
  port: ConversationPort;
  bindings: BindingDirectory;
  ledger: MessagingLedger;
  /** Minutes without a message after which the next one starts over (a binding's `settings.inactivityMinutes` wins). */
  defaultInactivityMinutes: number;
  /** How long a processed message id is remembered against re-deliveries. */
  dedupeHours?: number;
  now?: () => number;
  logger?: MessagingLogger;
}

export type ReceiveOutcome =
  | { kind: 'noBinding' }
  | { kind: 'duplicate' }
  | { kind: 'ignored'; key: string }
  /** Something the flow cannot read, in a live conversation: answer politely, the flow waits. */
  | { kind: 'unsupported'; key: string; binding: MessagingBinding; locale?: string }
  | { kind: 'turn'; key: string; binding: MessagingBinding; turn: ConversationTurn; started: boolean };

/**
 * The channel-neutral part of a messaging conversation: finds the binding, processes each
 * message id once, starts over after inactivity or once the contact ended, and feeds the flow.
 * Channels parse their payloads into `InboundMessage`s before, and render the turn's effects
 * after. Ordering per conversation is the caller's (see `KeyedQueue`).
 */
export class MessagingConversations {
  private readonly now: () => number;
  private readonly logger: MessagingLogger;
  /** Locale each recent conversation was last in, for channel words outside a turn (apologies). */
  private readonly locales = new Map<string, string>();

  constructor(private readonly options: MessagingConversationsOptions) {
    this.now = options.now ?? Date.now;
    this.logger = options.logger ?? silentLogger;
  }

  static sessionKey(message: Pick<InboundMessage, 'channel' | 'conversation'>): string {
    return `${message.channel}:${message.conversation}`;
  }

  /** The locale a conversation last spoke in, if known. */
  localeOf(key: string): string | undefined {
    return this.locales.get(key);
  }

  async receive(message: InboundMessage, given?: MessagingBinding): Promise<ReceiveOutcome> {
    const binding = given ?? (await this.options.bindings.findBinding(message.channel, message.address));
    if (!binding) return { kind: 'noBinding' };
    const dedupeMs = (this.options.dedupeHours ?? 7 * 24) * 3_600_000;
    const claimed = await this.options.ledger.claimInbound(`${message.channel}:${message.messageId}`, this.iso(this.now() + dedupeMs));
    if (!claimed) return { kind: 'duplicate' };

    const key = MessagingConversations.sessionKey(message);
    const inactivityMs = inactivityMinutes(binding, this.options.defaultInactivityMinutes) * 60_000;
    // Kept a day past inactivity at least: WhatsApp's 24-hour window reads it too.
    const previous = await this.options.ledger.touchConversation(key, message.sentAt, this.iso(this.now() + Math.max(inactivityMs, 86_400_000) + 3_600_000));
    // A conversation with an agent (or carried over from a call to wait for one) is not stale: the agent closes it.
    const stale = previous !== null && Date.parse(message.sentAt) - Date.parse(previous) > inactivityMs && !(await this.options.port.waitsForAgent?.(key));
    const live = previous !== null && !stale;

    if (message.content.kind === 'ignored' || (message.content.kind === 'open' && live)) return { kind: 'ignored', key };
    if (message.content.kind === 'unsupported' && live) {
      const locale = this.locales.get(key);
      return { kind: 'unsupported', key, binding, ...(locale ? { locale } : {}) };
    }

    if (stale) {
      // The flow's session may still exist in the engine: close it so the new contact starts clean.
      await this.options.port.end(key, 'inactivity').catch((error: unknown) => this.logger.warn({ key, error: String(error) }, 'ending an inactive session failed'));
    }
    let turn: ConversationTurn | undefined;
    if (!stale && message.content.kind === 'event') turn = await this.options.port.handle(key, message.content.event);
    let started = false;
    if (!turn || turn.status === 'missing' || endedBefore(turn)) {
      // No session, an expired one, or one that had ended: this message opens a new contact.
      // Its words are not an answer to a menu the subscriber has not seen yet.
      turn = await this.options.port.start({
        key,
        channel: message.channel,
        flow: { bindingId: binding.id },
        callerNumber: message.phoneNumber ?? message.from,
        preview: false,
      });
      started = true;
    }
    this.locales.delete(key);
    if (turn.session && turn.session.status !== 'ended') {
      this.locales.set(key, turn.session.locale);
      // A hint, not state: bounded, oldest forgotten first (an apology then speaks the default).
      if (this.locales.size > 50_000) this.locales.delete(this.locales.keys().next().value as string);
    }
    return { kind: 'turn', key, binding, turn, started };
  }

  private iso(ms: number): string {
    return new Date(ms).toISOString();
  }
}

/** A binding's `settings.inactivityMinutes` when it is a positive number, else the default. */
export function inactivityMinutes(binding: MessagingBinding, fallback: number): number {
  const value = binding.settings.inactivityMinutes;
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}
