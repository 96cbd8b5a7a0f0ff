import type { JsonValue } from '@griot/flows';
import type { ChannelStates } from '../channel/ChannelStates.ts';
import type { IncomingActivity } from './readActivity.ts';

/**
 * Where and as whom Griot may write to a Bot Framework conversation outside the user's request
 * (an agent's reply): the last activity's `serviceUrl`, the conversation, the bot and the user,
 * and the client it came from (`channelId`: `msteams`, `webchat`, `directline`…).
 */
export interface ConversationReference {
  serviceUrl: string;
  conversationId: string;
  channelId: string;
  bot: { id: string; name?: string };
  user: { id: string; name?: string };
  /** Teams: the tenant the conversation belongs to, sent back in `conversation.tenantId`. */
  tenantId?: string;
  savedAt: string;
}

/** A reference unchanged is written again only this long after it was (to move its expiry). */
const REFRESH_MS = 24 * 3_600_000;

/**
 * The conversation references of Bot Framework conversations, in the Store's channel states
 * (shared by every instance, sealed, gone `keepDays` after the user last wrote). Written from
 * activities the channel accepted only: a token the Bot Connector signed, whose `serviceurl` claim
 * the SDK matched with the activity's (or, anonymous, a `serviceUrl` on this machine).
 */
export class ConversationReferences {
  private readonly now: () => number;

  constructor(
    private readonly states: ChannelStates,
    private readonly keepDays = 30,
    now?: () => number,
  ) {
    this.now = now ?? Date.now;
  }

  /** Keeps the reference an accepted activity gives (one without a `serviceUrl` gives none). */
  async remember(
    activity: IncomingActivity & { serviceUrl?: string; conversation?: { id?: string; tenantId?: string }; from?: { id?: string; name?: string }; recipient?: { id?: string; name?: string } },
  ): Promise<void> {
    const conversationId = activity.conversation?.id;
    const botId = activity.recipient?.id;
    const userId = activity.from?.id;
    if (!activity.serviceUrl || !conversationId || !botId || !userId || !activity.channelId) return;
    const reference: ConversationReference = {
      serviceUrl: activity.serviceUrl,
      conversationId,
      channelId: activity.channelId,
      bot: { id: botId, ...(activity.recipient?.name ? { name: activity.recipient.name } : {}) },
      user: { id: userId, ...(activity.from?.name ? { name: activity.from.name } : {}) },
      ...(activity.conversation?.tenantId ? { tenantId: activity.conversation.tenantId } : {}),
      savedAt: new Date(this.now()).toISOString(),
    };
    const key = keyOf(conversationId);
    const stored = await this.states.get(key);
    const before = stored?.value as unknown as ConversationReference | null | undefined;
    if (before && sameReference(before, reference) && this.now() - Date.parse(before.savedAt) < REFRESH_MS) return;
    // Another request of the conversation wrote first: theirs is as recent.
    await this.states.put(key, reference as unknown as JsonValue, stored?.revision ?? 0, new Date(this.now() + this.keepDays * 86_400_000).toISOString());
  }

  async get(conversationId: string): Promise<ConversationReference | null> {
    const stored = await this.states.get(keyOf(conversationId));
    const value = stored?.value as unknown as ConversationReference | null | undefined;
    return value && typeof value.serviceUrl === 'string' ? value : null;
  }
}

const keyOf = (conversationId: string) => `botframework:reference:${conversationId}`;

function sameReference(a: ConversationReference, b: ConversationReference): boolean {
  return (
    a.serviceUrl === b.serviceUrl &&
    a.channelId === b.channelId &&
    a.bot.id === b.bot.id &&
    a.bot.name === b.bot.name &&
    a.user.id === b.user.id &&
    a.user.name === b.user.name &&
    a.tenantId === b.tenantId
  );
}
