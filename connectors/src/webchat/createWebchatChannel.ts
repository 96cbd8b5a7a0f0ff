import { channelCapabilities } from '@griot/flows';
import type { Channel, ChannelConfig, ChannelHost } from '../channel/Channel.ts';
import { MemoryChannelStates } from '../channel/MemoryChannelStates.ts';
import { MessagingConversations } from '../messaging/MessagingConversations.ts';
import { readWebchatFrameAncestors } from './webchatFrameAncestors.ts';
import { readWebchatLimits } from './webchatLimits.ts';
import { WebchatOutbox } from './webchatOutbox.ts';
import { webchatReplies } from './webchatReplies.ts';
import { WebchatRendering } from './webchatRendering.ts';
import { webchatRouter } from './webchatRouter.ts';

/**
 * Griot's own web chat: `GET /chat/:bindingId` (a page, no build), `POST /chat/:bindingId/messages`,
 * and `POST /chat/:bindingId/updates`, the page's long poll for what comes outside its requests
 * (an agent's words). Public by design, like a website's chat: only bindings of the `webchat`
 * channel are served, and a conversation's only key is its unguessable id; anonymous floods meet
 * the host's rate limits (WEBCHAT_* budgets, 429). Its `replies` write to the conversation's
 * outbox in the Store (the host's channel states), which the page reads.
 */
export function createWebchatChannel(config: ChannelConfig): Channel {
  const budgets = readWebchatLimits(config.env);
  const frameAncestors = readWebchatFrameAncestors(config.env);
  let outbox: WebchatOutbox | undefined;
  let rendering: WebchatRendering | undefined;
  const closing = new AbortController();
  const mounted = <T>(value: T | undefined): T => {
    if (!value) throw new Error('the web chat channel is not mounted');
    return value;
  };
  return {
    id: 'webchat',
    capabilities: channelCapabilities.webchat,
    replies: webchatReplies(
      () => mounted(outbox),
      () => mounted(rendering),
    ),
    mount(host: ChannelHost) {
      if (!host.rateLimits) host.logger.warn({}, 'web chat mounted without rate limits: a flood from one address is not refused');
      if (!host.channelStates) host.logger.warn({}, 'web chat mounted without channel states: agents’ replies are kept in this process only');
      // What a contact was told in clear (a PUK code, an agent's words) is kept no longer than it may live.
      outbox = new WebchatOutbox({ states: host.channelStates ?? new MemoryChannelStates(), liveMinutes: host.defaultInactivityMinutes });
      rendering = new WebchatRendering(host.publicBaseUrl);
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
          outbox,
          rendering,
          closing: closing.signal,
          ...(host.rateLimits ? { limits: { rates: host.rateLimits, budgets } } : {}),
          ...(host.metrics ? { metrics: host.metrics } : {}),
          ...(host.publicBaseUrl ? { publicBaseUrl: host.publicBaseUrl } : {}),
        }),
      );
    },
    // The pages' long polls are answered now (they come back to another instance, or to this one restarted).
    close: async () => {
      closing.abort();
    },
  };
}
