import { channelCapabilities } from '@griot/flows';
import type { Channel, ChannelConfig, ChannelHost } from '../channel/Channel.ts';
import { mountWebhook } from '../http/mountWebhook.ts';
import { chatDepsFrom } from '../messaging/chatDepsFrom.ts';
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
        ...chatDepsFrom(host, 'messenger'),
        config: settings,
        ...(host.publicBaseUrl ? { publicBaseUrl: host.publicBaseUrl } : {}),
        ...overrides,
      });
      mountWebhook(host, messenger);
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
