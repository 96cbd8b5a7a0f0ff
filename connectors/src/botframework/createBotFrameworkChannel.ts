import { channelCapabilities } from '@griot/flows';
import type { Channel, ChannelConfig, ChannelHost } from '../channel/Channel.ts';
import { MessagingConversations } from '../messaging/MessagingConversations.ts';
import { readBotFrameworkConfig } from './botFrameworkConfig.ts';
import { createBotFramework } from './createBotFramework.ts';

/**
 * Bot Framework / Azure Bot Service: `POST /api/messages` through the Agents SDK (JWTs checked
 * when an app id is configured; anonymous only outside production). Answers within the request
 * that brought the activity, so it has no `replies`: agents answer Bot Framework contacts in
 * the inbox only.
 */
export function createBotFrameworkChannel(config: ChannelConfig): Channel {
  const settings = readBotFrameworkConfig(config.env, config.production);
  return {
    id: 'botframework',
    capabilities: channelCapabilities.botframework,
    mount(host: ChannelHost) {
      const conversations = new MessagingConversations({
        port: host.conversations,
        bindings: host.bindings,
        ledger: host.ledger,
        defaultInactivityMinutes: host.defaultInactivityMinutes,
        logger: host.logger,
      });
      const { router } = createBotFramework({
        conversations,
        config: settings,
        logger: host.logger,
        ...(host.publicBaseUrl ? { publicBaseUrl: host.publicBaseUrl } : {}),
      });
      host.router.use(router);
    },
    close: async () => {},
  };
}
