import { randomUUID } from 'node:crypto';
import type { ChannelReplies } from '../channel/Channel.ts';
import type { TelegramChannel } from './TelegramChannel.ts';

/**
 * Agents' words and the flow's turn after an agent hands back, sent on Telegram through the
 * chat's own queue. A bot may write to a subscriber who started it at any time.
 */
export function telegramReplies(channel: () => TelegramChannel): ChannelReplies {
  return {
    async sendAgentText(to, text, _agent, messageId) {
      await channel().sendOutOfTurn(to.sessionKey, { text }, `agent:${messageId ?? randomUUID()}`);
    },
    async sendBotTurn(to, turn) {
      // Sent once: the key derives from the session and its turn number.
      await channel().sendOutOfTurn(to.sessionKey, { effects: turn.effects, flowId: turn.session.flowId }, `release:${to.sessionKey}:${turn.session.turns}`);
    },
  };
}
