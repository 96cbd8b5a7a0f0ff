import { channelCapabilities } from '@griot/flows';
import type { Channel, ChannelConfig, ChannelHost } from '../channel/Channel.ts';
import { MemoryChannelStates } from '../channel/MemoryChannelStates.ts';
import { MessagingConversations } from '../messaging/MessagingConversations.ts';
import { readBotFrameworkConfig } from './botFrameworkConfig.ts';
import { botFrameworkReplies, type BotFrameworkRepliesDeps } from './botFrameworkReplies.ts';
import { botFrameworkTokens } from './botFrameworkTokens.ts';
import { ConversationReferences } from './conversationReferences.ts';
import { createBotFramework } from './createBotFramework.ts';

/**
 * Bot Framework / Azure Bot Service: `POST /api/messages` through the Agents SDK (JWTs checked
 * when an app id is configured; anonymous only outside production). Answers within the request
 * that brought the activity; keeps each conversation's reference (its `serviceUrl`, the bot and
 * the user, the client's `channelId`) in the Store, so its `replies` can write first: agents'
 * words, POSTed to the Bot Connector with the bot's token.
 */
export function createBotFrameworkChannel(config: ChannelConfig): Channel {
  const settings = readBotFrameworkConfig(config.env, config.production);
  let deps: BotFrameworkRepliesDeps | undefined;
  return {
    id: 'botframework',
    capabilities: channelCapabilities.botframework,
    replies: botFrameworkReplies(() => {
      if (!deps) throw new Error('the Bot Framework channel is not mounted');
      return deps;
    }),
    mount(host: ChannelHost) {
      if (!host.channelStates) host.logger.warn({}, 'Bot Framework mounted without channel states: conversation references are kept in this process only');
      const references = new ConversationReferences(host.channelStates ?? new MemoryChannelStates());
      deps = {
        config: settings,
        references,
        tokens: botFrameworkTokens(settings),
        ledger: host.ledger,
        logger: host.logger,
        ...(host.publicBaseUrl ? { publicBaseUrl: host.publicBaseUrl } : {}),
      };
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
        references,
        ...(host.publicBaseUrl ? { publicBaseUrl: host.publicBaseUrl } : {}),
      });
      host.router.use(router);
    },
    close: async () => {},
  };
}
