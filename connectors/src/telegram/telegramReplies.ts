import { randomUUID } from 'node:crypto';
import type { ChannelReplies } from '../channel/Channel.ts';
import { ReplyNotDeliveredError } from '../channel/ReplyNotDeliveredError.ts';
import type { TelegramChannel } from './TelegramChannel.ts';
import { TelegramNotTaken } from './TelegramSender.ts';

/**
 * Agents' words and the flow's turn after an agent hands back, sent on Telegram through the
 * chat's own queue. A bot may write to a subscriber who started it at any time. An agent's reply
 * Telegram did not take is said to the agent (`ReplyNotDeliveredError`): not now (429, 5xx, no
 * connection: the recovery pass sends it later), or never (the subscriber blocked the bot).
 */
export function telegramReplies(channel: () => TelegramChannel): ChannelReplies {
  return {
    async sendAgentText(to, text, _agent, messageId) {
      try {
        await channel().sendOutOfTurn(to.sessionKey, { text }, `agent:${messageId ?? randomUUID()}`);
      } catch (error) {
        throw error instanceof TelegramNotTaken ? notDelivered(error.failure) : error;
      }
    },
    async sendBotTurn(to, turn) {
      // Sent once: the key derives from the session and its turn number.
      await channel().sendOutOfTurn(to.sessionKey, { effects: turn.effects, flowId: turn.session.flowId }, `release:${to.sessionKey}:${turn.session.turns}`);
    },
  };
}

/** An agent's reply Telegram did not take, as the reason the agent reads. */
function notDelivered(failure: TelegramNotTaken['failure']): ReplyNotDeliveredError {
  if (failure.outcome === 'unavailable') return new ReplyNotDeliveredError('platformUnavailable', `Telegram did not take the reply: ${failure.description}`, failure.retryAfterSeconds);
  // 403: the bot was blocked by the user, the user is deactivated; 400 "chat not found": the chat is gone.
  const gone = failure.status === 403 || /chat not found/i.test(failure.description);
  return new ReplyNotDeliveredError(gone ? 'recipientUnavailable' : 'refused', `Telegram refused the reply: ${failure.description}`);
}
