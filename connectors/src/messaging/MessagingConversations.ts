import { randomUUID } from 'node:crypto';
import type { Channel as ChannelId } from '@griot/flows';
import { StoreFailureLog } from '../channel/StoreFailureLog.ts';
import type { InboundMessage } from './inbound.ts';
import type { MessagingLedger } from './ledger.ts';
import { silentLogger, type ChannelLogger } from '../channel/ChannelLogger.ts';
import { logKeyOf } from '../channel/logDigest.ts';
import { endedBefore, type BindingDirectory, type ChannelBinding, type ConversationPort, type ConversationTurn, type EndOptions } from '../channel/ConversationPort.ts';

export interface MessagingConversationsOptions {
  port: ConversationPort;
  bindings: BindingDirectory;
  ledger: MessagingLedger;
  /** Minutes without a message after which the next one starts over (a binding's `settings.inactivityMinutes` wins). */
  defaultInactivityMinutes: number;
  /** How long a processed message id is remembered against re-deliveries (`receiveOnce`). */
  dedupeHours?: number;
  /**
   * How long when a subscriber last wrote is kept at least: the longest the channel reads it
   * (WhatsApp's 24-hour window, the default; Messenger's 7 days for an agent's reply).
   */
  keepLastMessageHours?: number;
  now?: () => number;
  logger?: ChannelLogger;
}

/** How long `receiveOnce` holds a message: a retry of it is refused meanwhile, processed after (the first try died). */
const ONCE_LEASE_MS = 30_000;

export type ReceiveOutcome =
  | { kind: 'noBinding' }
  | { kind: 'duplicate' }
  | { kind: 'ignored'; key: string }
  /** Something the flow cannot read, in a live conversation: answer politely, the flow waits. */
  | { kind: 'unsupported'; key: string; binding: ChannelBinding; locale?: string }
  | { kind: 'turn'; key: string; binding: ChannelBinding; turn: ConversationTurn; started: boolean };

/**
 * The channel-neutral part of a messaging conversation: finds the binding, starts over after
 * inactivity or once the contact ended, and feeds the flow. Channels parse their payloads into
 * `InboundMessage`s before, and render the turn's effects after. Ordering per conversation is
 * the caller's (see `KeyedQueue`); processing a message once is too: WhatsApp through its inbox
 * (`InboundWorker`), channels that answer within their own request through `receiveOnce`.
 */
export class MessagingConversations {
  private readonly now: () => number;
  private readonly logger: ChannelLogger;
  /** Locale each recent conversation was last in, for channel words outside a turn (apologies). */
  private readonly locales = new Map<string, string>();
  private readonly storeFailureLogs = new Map<ChannelId, StoreFailureLog>();

  constructor(private readonly options: MessagingConversationsOptions) {
    this.now = options.now ?? Date.now;
    this.logger = options.logger ?? silentLogger;
  }

  static sessionKey(message: Pick<InboundMessage, 'channel' | 'conversation'>): string {
    return `${message.channel}:${message.conversation}`;
  }

  /** The locale a conversation last spoke in, if this process knows it. */
  localeOf(key: string): string | undefined {
    return this.locales.get(key);
  }

  /** Whether a flow answers messages to the message's address (a binding). */
  async isBound(message: Pick<InboundMessage, 'channel' | 'address'>): Promise<boolean> {
    return (await this.options.bindings.findBinding(message.channel, message.address)) !== null;
  }

  /**
   * The store's cause code when `error` is the store failing (a full disk, MongoDB gone): logged
   * once a minute per code and counted (`StoreFailureLog`); undefined for any other error.
   */
  storeFailed(error: unknown, channel: ChannelId, details: object, message: string): string | undefined {
    let log = this.storeFailureLogs.get(channel);
    if (!log) {
      log = new StoreFailureLog(this.options.port, channel, this.logger);
      this.storeFailureLogs.set(channel, log);
    }
    return log.failed(error, details, message);
  }

  /** Ends a contact (a turn that failed on its last attempt: `reason: 'error'` with its cause). */
  end(key: string, reason: string, options?: EndOptions): Promise<unknown> {
    return this.options.port.end(key, reason, options);
  }

  /**
   * The locale a conversation last spoke in, else the one its caller is remembered with: this
   * process's note, else the store's (after a restart, or a conversation another instance ran).
   * Undefined when unknown or when the store does not answer (an apology then speaks the default).
   */
  async recallLocale(key: string, callerNumber: string): Promise<string | undefined> {
    const noted = this.locales.get(key);
    if (noted !== undefined) return noted;
    return this.options.port.rememberedLocale?.(key, callerNumber).catch(() => undefined);
  }

  /**
   * `receive` for a channel that answers within the request that brought the message (Bot
   * Framework, web chat): a message id is processed once, and a retry of one whose first try
   * died before it was processed is processed, not dropped as a duplicate. The id is recorded
   * (without the message: nobody else could answer it) and held while the turn runs.
   */
  async receiveOnce(message: InboundMessage, given?: ChannelBinding): Promise<ReceiveOutcome> {
    const { ledger } = this.options;
    const id = `${message.channel}:${message.messageId}`;
    const now = this.now();
    const expiresAt = this.iso(now + (this.options.dedupeHours ?? 7 * 24) * 3_600_000);
    // Per call, not per process: two identical requests in one process must not both run.
    const lease = { owner: randomUUID(), until: this.iso(now + ONCE_LEASE_MS) };
    const [fresh] = await ledger.recordInbound([
      { id, channel: message.channel, conversationKey: MessagingConversations.sessionKey(message), payload: null, receivedAt: this.iso(now), lease, expiresAt },
    ]);
    if (!fresh && !(await ledger.takeInbound(id, lease, this.iso(now)))) return { kind: 'duplicate' };
    let outcome: ReceiveOutcome;
    try {
      outcome = await this.receive(message, given);
    } catch (error) {
      // Let it go at once: the client's retry of this message is processed.
      await ledger.holdInbound(id, { owner: lease.owner, until: this.iso(this.now()) }).catch(() => false);
      throw error;
    }
    await ledger.settleInbound(id, lease.owner, { state: 'processed', at: this.iso(this.now()), expiresAt });
    return outcome;
  }

  /** Feeds one message to its conversation (no de-duplication: see `receiveOnce` and `InboundWorker`). */
  async receive(received: InboundMessage, given?: ChannelBinding): Promise<ReceiveOutcome> {
    let message = received;
    const binding = given ?? (await this.options.bindings.findBinding(message.channel, message.address));
    if (!binding) return { kind: 'noBinding' };

    const key = MessagingConversations.sessionKey(message);
    const inactivityMs = inactivityMinutes(binding, this.options.defaultInactivityMinutes) * 60_000;
    // Kept past inactivity, and as long as the channel's reply windows read it (WhatsApp's 24 hours by default).
    const keepMs = Math.max(inactivityMs, (this.options.keepLastMessageHours ?? 24) * 3_600_000) + 3_600_000;
    const previous = await this.options.ledger.touchConversation(key, message.sentAt, this.iso(this.now() + keepMs));
    // A conversation with an agent (or carried over from a call to wait for one) is not stale: the agent closes it.
    const stale = previous !== null && Date.parse(message.sentAt) - Date.parse(previous) > inactivityMs && !(await this.options.port.waitsForAgent?.(key));
    const live = previous !== null && !stale;

    if (message.content.kind === 'restart' && live) {
      // A link followed without a source Griot takes (an ad, a code, a ref refused): nothing says
      // to begin again, and the contact under way (a PUK, a payment) must not be lost to a tap.
      if (message.content.text === undefined && message.content.source === undefined) return { kind: 'ignored', key };
      if (await this.options.port.waitsForAgent?.(key)) {
        // The agent holds the conversation: the words are theirs to read, the contact goes on;
        // a link followed without a word (Messenger's referral) is nothing for them to read.
        if (message.content.text === undefined) return { kind: 'ignored', key };
        message = { ...message, content: { kind: 'event', event: { type: 'text', text: message.content.text } } };
      } else {
        // Begun again, not an answer to the menu shown (which would count as a wrong one).
        await this.options.port.end(key, 'restarted');
      }
    }
    if (message.content.kind === 'ignored' || (message.content.kind === 'open' && live)) return { kind: 'ignored', key };
    if (message.content.kind === 'unsupported' && live) {
      const locale = await this.recallLocale(key, message.phoneNumber ?? message.from);
      return { kind: 'unsupported', key, binding, ...(locale ? { locale } : {}) };
    }

    if (stale) {
      // The flow's session may still exist in the engine: close it so the new contact starts clean.
      await this.options.port.end(key, 'inactivity').catch((error: unknown) => this.logger.warn({ session: logKeyOf(key), error: String(error) }, 'ending an inactive session failed'));
    }
    let turn: ConversationTurn | undefined;
    const shared = message.sharedNumber ? { sharedNumber: message.sharedNumber } : undefined;
    // The account's name (WhatsApp's profile name) goes with every message: a subscriber may change it mid-conversation.
    const named = message.senderName ? { callerName: message.senderName } : undefined;
    const options = shared || named ? { ...shared, ...named } : undefined;
    if (!stale && message.content.kind === 'event') turn = options ? await this.options.port.handle(key, message.content.event, options) : await this.options.port.handle(key, message.content.event);
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
        ...shared,
        ...named,
        ...openingOf(message),
        ...sourceOf(message),
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

/** The words of a message that opens a contact (text or speech), for the transcript; none for a button or an open. */
function openingOf(message: InboundMessage): { opening?: string } {
  if (message.content.kind !== 'event') return {};
  const event = message.content.event;
  const text = event.type === 'text' || event.type === 'speech' ? event.text.trim() : '';
  return text ? { opening: text } : {};
}

/**
 * Where a contact opened by a deep link came from: the flow's `caller.source`, and the transcript's
 * first input in the channel's words (`/start offre-noel`, `m.me/?ref=offre-noel`: only the checked
 * payload, never what else was written).
 */
function sourceOf(message: InboundMessage): { source?: string; opening?: string } {
  if (message.content.kind !== 'restart' || message.content.source === undefined) return {};
  const { source, opening } = message.content;
  return { source, ...(opening !== undefined ? { opening } : {}) };
}

/** A binding's `settings.inactivityMinutes` when it is a positive number, else the default. */
export function inactivityMinutes(binding: ChannelBinding, fallback: number): number {
  const value = binding.settings.inactivityMinutes;
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}
