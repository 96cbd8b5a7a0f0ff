import { channelCapabilities } from '@griot/flows';
import type { Channel, ChannelConfig, ChannelHost } from '../channel/Channel.ts';
import { MessagingConversations } from '../messaging/MessagingConversations.ts';
import { readWebchatFrameAncestors } from './webchatFrameAncestors.ts';
import { readWebchatLimits } from './webchatLimits.ts';
import { webchatRouter } from './webchatRouter.ts';

/**
 * Griot's own web chat: `GET /chat/:bindingId` (a page, no build), `POST /chat/:bindingId/messages`.
 * Public by design, like a website's chat: only bindings of the `webchat` channel are served,
 * and a conversation's only key is its unguessable id; anonymous floods meet the host's rate
 * limits (WEBCHAT_* budgets, 429). Answers within the request, so it has no `replies`.
 */
export function createWebchatChannel(config: ChannelConfig): Channel {
  const budgets = readWebchatLimits(config.env);
  const frameAncestors = readWebchatFrameAncestors(config.env);
  return {
    id: 'webchat',
    capabilities: channelCapabilities.webchat,
    mount(host: ChannelHost) {
      if (!host.rateLimits) host.logger.warn({}, 'web chat mounted without rate limits: a flood from one address is not refused');
      const conversations = new MessagingConversations({
        port: host.conversations,
        bindings: host.bindings,
        ledger: host.ledger,
        defaultInactivityMinutes: host.defaultInactivityMinutes,
        logger: host.logger,
      });
      host.router.use(
        webchatRouter({
          conversations,
          bindings: host.bindings,
          logger: host.logger,
          frameAncestors,
          ...(host.rateLimits ? { limits: { rates: host.rateLimits, budgets } } : {}),
          ...(host.metrics ? { metrics: host.metrics } : {}),
          ...(host.publicBaseUrl ? { publicBaseUrl: host.publicBaseUrl } : {}),
        }),
      );
    },
    close: async () => {},
  };
}
