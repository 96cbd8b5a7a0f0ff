import { MessagingConversations } from '../messaging/MessagingConversations.ts';
import type { MessagingLedger } from '../messaging/ledger.ts';
import type { ChannelLogger } from '../channel/ChannelLogger.ts';
import type { BindingDirectory, ConversationPort } from '../channel/ConversationPort.ts';
import type { BackoffOptions } from '../messaging/backoff.ts';
import { SmppLink } from './SmppLink.ts';
import { SmsChannel, type SmsChannelOptions, type SmsProcessedEvent } from './SmsChannel.ts';
import type { SmsConfig } from './smsConfig.ts';
import { SmsSender } from './SmsSender.ts';

export interface SmsDeps {
  port: ConversationPort;
  bindings: BindingDirectory;
  ledger: MessagingLedger;
  /** With its `smsc` set (`readSmsConfig` with SMPP_URL). */
  config: SmsConfig & { smsc: NonNullable<SmsConfig['smsc']> };
  defaultInactivityMinutes: number;
  logger?: ChannelLogger;
  now?: () => number;
  onProcessed?: (event: SmsProcessedEvent) => void;
  /** Overrides (tests: short backoffs). */
  inbox?: SmsChannelOptions['inbox'];
  reconnect?: BackoffOptions;
  throttle?: BackoffOptions;
  partsWaitMs?: number;
}

export interface Sms {
  link: SmppLink;
  channel: SmsChannel;
  /** Binds and starts processing (what an earlier process left is processed now). */
  start(): void;
  /**
   * Graceful stop: no new `deliver_sm` taken, what is queued processed while the link still
   * sends (up to `graceMs`), then unbind. A reply that could not go is left for the next process.
   */
  close(graceMs?: number): Promise<void>;
}

/** Wires the SMS channel: the SMPP link, conversations, sender and channel. */
export function createSms(deps: SmsDeps): Sms {
  const { config } = deps;
  const now = deps.now ?? Date.now;
  let channel: SmsChannel | undefined;
  const link = new SmppLink({
    ...config.smsc,
    enquireLinkMs: config.enquireLinkMs,
    responseTimeoutMs: config.responseTimeoutMs,
    window: config.window,
    maxSubmitsPerSecond: config.maxSubmitsPerSecond,
    onDeliver: (pdu, bind) => (channel ? channel.deliver(pdu, bind) : Promise.resolve(0x64)),
    ...(deps.reconnect ? { reconnect: deps.reconnect } : {}),
    ...(deps.throttle ? { throttle: deps.throttle } : {}),
    ...(deps.logger ? { logger: deps.logger } : {}),
  });
  const conversations = new MessagingConversations({
    port: deps.port,
    bindings: deps.bindings,
    ledger: deps.ledger,
    defaultInactivityMinutes: deps.defaultInactivityMinutes,
    now,
    ...(deps.logger ? { logger: deps.logger } : {}),
  });
  const sender = new SmsSender({ link, ledger: deps.ledger, source: config.source, deliveryReceipts: config.deliveryReceipts, now, ...(deps.logger ? { logger: deps.logger } : {}) });
  channel = new SmsChannel({
    conversations,
    sender,
    ledger: deps.ledger,
    moMessageIdTlv: config.moMessageIdTlv,
    maxPending: config.maxPending,
    maxPendingPerSender: config.maxPendingPerSender,
    agentReplyWaitMs: config.responseTimeoutMs,
    inbox: { leaseMs: config.leaseSeconds * 1000, maxAttempts: config.maxAttempts, ...deps.inbox },
    now,
    ...(deps.partsWaitMs !== undefined ? { partsWaitMs: deps.partsWaitMs } : {}),
    ...(deps.logger ? { logger: deps.logger } : {}),
    ...(deps.onProcessed ? { onProcessed: deps.onProcessed } : {}),
  });
  const mounted = channel;
  return {
    link,
    channel: mounted,
    start() {
      mounted.start();
      link.start();
    },
    async close(graceMs = 10_000) {
      const draining = mounted.close();
      // Replies still waiting for an SMSC that does not come back are given up here (and sent by the next process).
      const giveUp = setTimeout(() => void link.close(), graceMs);
      await draining;
      clearTimeout(giveUp);
      await link.close();
    },
  };
}
