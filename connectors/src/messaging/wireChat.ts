import type { ChannelLogger } from '../channel/ChannelLogger.ts';
import type { BindingDirectory, ConversationPort } from '../channel/ConversationPort.ts';
import type { InboxOptions } from './createInbox.ts';
import type { MessagingLedger } from './ledger.ts';
import type { MessageProcessed } from './MessageProcessed.ts';
import { MessagingConversations } from './MessagingConversations.ts';

/** What a chat channel's factory (`createWhatsApp`, `createMessenger`, `createTelegram`) is given beside its configuration. */
export interface ChatDeps<Report> {
  port: ConversationPort;
  bindings: BindingDirectory;
  ledger: MessagingLedger;
  defaultInactivityMinutes: number;
  logger?: ChannelLogger;
  now?: () => number;
  onProcessed?: (event: MessageProcessed<Report>) => void;
  /** Overrides of the inbox's settings (tests: a short backoff). */
  inbox?: InboxOptions;
}

/** The queue and inbox settings each chat channel reads from its own variables (`WHATSAPP_MAX_PENDING`…). */
export interface ChatQueueSettings {
  maxPending: number;
  maxPendingPerSender: number;
  leaseSeconds: number;
  maxAttempts: number;
}

/**
 * The part of a chat channel's wiring that does not depend on its platform: the conversations
 * over the runtime's engine, and the options every chat channel takes (see `ChatChannelOptions`),
 * with its inbox's lease and attempts from its settings. `keepLastMessageHours`: how long the
 * channel reads when a subscriber last wrote (Messenger: 7 days for an agent's reply).
 */
export function wireChat<Report>(deps: ChatDeps<Report>, settings: ChatQueueSettings, conversationOptions: { keepLastMessageHours?: number } = {}) {
  const now = deps.now ?? Date.now;
  const conversations = new MessagingConversations({
    port: deps.port,
    bindings: deps.bindings,
    ledger: deps.ledger,
    defaultInactivityMinutes: deps.defaultInactivityMinutes,
    ...conversationOptions,
    now,
    ...(deps.logger ? { logger: deps.logger } : {}),
  });
  const options = {
    conversations,
    ledger: deps.ledger,
    maxPending: settings.maxPending,
    maxPendingPerSender: settings.maxPendingPerSender,
    inbox: { leaseMs: settings.leaseSeconds * 1000, maxAttempts: settings.maxAttempts, ...deps.inbox },
    now,
    ...(deps.logger ? { logger: deps.logger } : {}),
    ...(deps.onProcessed ? { onProcessed: deps.onProcessed } : {}),
  };
  return { now, conversations, options };
}
