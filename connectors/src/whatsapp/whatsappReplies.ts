import { randomUUID } from 'node:crypto';
import type { ChannelReplies } from '../channel/Channel.ts';
import type { WhatsAppChannel } from './WhatsAppChannel.ts';

/**
 * Agents' words and the flow's turn after an agent hands back, sent on WhatsApp through the
 * channel's own queue, limits and 24-hour window.
 */
export function whatsappReplies(channel: () => WhatsAppChannel): ChannelReplies {
  return {
    async sendAgentText(to, text, _agent, messageId) {
      await channel().sendOutOfTurn(to.sessionKey, { text }, `agent:${messageId ?? randomUUID()}`);
    },
    canReach: (to) => channel().canReach(to.sessionKey),
    async openConversation(to, text, causeId) {
      await channel().sendOutOfTurn(to.sessionKey, { text }, causeId);
    },
    async sendBotTurn(to, turn) {
      // The release turn is sent once: its key derives from the session and its turn number.
      await channel().sendOutOfTurn(to.sessionKey, { effects: turn.effects, flowId: turn.session.flowId, locales: turn.flow?.locales }, `release:${to.sessionKey}:${turn.session.turns}`);
    },
  };
}
