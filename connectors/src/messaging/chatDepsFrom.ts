import type { Channel as ChannelId } from '@griot/flows';
import type { ChannelHost } from '../channel/Channel.ts';
import type { MessageProcessed } from './MessageProcessed.ts';

/**
 * What the host gives a chat channel's factory, the same for WhatsApp, Messenger and Telegram: the
 * engine, bindings and ledger, the logger, and the metrics for processed messages and refused
 * signatures under the channel's id.
 */
export function chatDepsFrom<C extends ChannelId>(host: ChannelHost, channel: C) {
  return {
    port: host.conversations,
    bindings: host.bindings,
    ledger: host.ledger,
    defaultInactivityMinutes: host.defaultInactivityMinutes,
    logger: host.logger,
    ...(host.metrics?.messageProcessed ? { onProcessed: (event: MessageProcessed<unknown>) => host.metrics?.messageProcessed?.({ channel, outcome: event.outcome, timings: event.timings }) } : {}),
    ...(host.metrics?.signatureFailure ? { onSignatureFailure: (failure: { channel: C; reason: string }) => host.metrics?.signatureFailure?.(failure) } : {}),
  };
}
