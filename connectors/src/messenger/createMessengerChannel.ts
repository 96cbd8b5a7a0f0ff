import { channelCapabilities } from '@griot/flows';
import type { Channel, ChannelConfig, ChannelHost } from '../channel/Channel.ts';
import { createMessenger, type MessengerDeps } from './createMessenger.ts';
import type { MessengerChannel } from './MessengerChannel.ts';
import { readMessengerConfig } from './messengerConfig.ts';
import { messengerReplies } from './messengerReplies.ts';

/** Settings tests (and only tests) change: short backoffs, a clock. */
export type MessengerOverrides = Pick<MessengerDeps, 'inbox' | 'now' | 'sendBackoff'>;

/**
 * Facebook Messenger (Messenger Platform): `GET/POST /messenger/webhook`, events recorded in
 * the Store's inbox before Meta has its 200 and processed at least once, replies through the
 * Send API. Reads `MESSENGER_*` (throws naming the variable when one is invalid). Agents'
 * replies go out through `replies`, within 7 days of the subscriber's last message.
 */
export function createMessengerChannel(config: ChannelConfig, overrides: MessengerOverrides = {}): Channel {
  const settings = readMessengerConfig(config.env);
  let mounted: MessengerChannel | undefined;
  const channel = () => {
    if (!mounted) throw new Error('the Messenger channel is not mounted');
    return mounted;
  };
  return {
    id: 'messenger',
    capabilities: channelCapabilities.messenger,
    mount(host: ChannelHost) {
      const messenger = createMessenger({
        port: host.conversations,
        bindings: host.bindings,
        ledger: host.ledger,
        config: settings,
        defaultInactivityMinutes: host.defaultInactivityMinutes,
        logger: host.logger,
        ...(host.publicBaseUrl ? { publicBaseUrl: host.publicBaseUrl } : {}),
        ...(host.metrics?.messageProcessed ? { onProcessed: (event) => host.metrics?.messageProcessed?.({ channel: 'messenger', outcome: event.outcome, timings: event.timings }) } : {}),
        ...(host.metrics?.signatureFailure ? { onSignatureFailure: (failure) => host.metrics?.signatureFailure?.(failure) } : {}),
        ...overrides,
      });
      // Notifications ahead of express when the host allows it; the router serves the handshake and what the hot path leaves.
      if (host.hotRoutes) host.hotRoutes.add(messenger.hotPath(host.hotRoutes.client));
      host.router.use(messenger.router);
      mounted = messenger.channel;
      // What an earlier process acknowledged but did not process is processed now.
      mounted.start();
    },
    replies: messengerReplies(channel),
    close: async () => {
      await mounted?.close();
    },
  };
}
