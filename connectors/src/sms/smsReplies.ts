import { randomUUID } from 'node:crypto';
import type { ChannelReplies } from '../channel/Channel.ts';
import type { SmsChannel } from './SmsChannel.ts';

/**
 * Agents' words and the flow's turn after an agent hands back, sent by SMS from the short code
 * the subscriber wrote to, through the channel's queue. SMS has no reply window: Griot may
 * always write first, so a voice caller can be answered by SMS too, and a USSD session's late
 * answer follows by SMS.
 */
export function smsReplies(channel: () => SmsChannel): ChannelReplies {
  return {
    async sendAgentText(to, text, _agent, messageId) {
      await channel().sendOutOfTurn(to.sessionKey, { text }, `agent:${messageId ?? randomUUID()}`);
    },
    async sendBotTurn(to, turn) {
      // The release turn is sent once: its key derives from the session and its turn number.
      await channel().sendOutOfTurn(to.sessionKey, { effects: turn.effects, flowId: turn.session.flowId }, `release:${to.sessionKey}:${turn.session.turns}`);
    },
    canReach: async (to) => /^sms:[^:]+:[^:]+$/.test(to.sessionKey),
    // A conversation carried over from another channel (a slow USSD look-up's answer): SMS may write first, once per cause.
    async openConversation(to, text, causeId) {
      await channel().sendOutOfTurn(to.sessionKey, { text }, causeId);
    },
  };
}
