import { randomUUID } from 'node:crypto';
import type { ChannelReplies } from '../channel/Channel.ts';
import { ReplyNotDeliveredError } from '../channel/ReplyNotDeliveredError.ts';
import type { SmsChannel } from './SmsChannel.ts';
import { SmppStatus, SubmitError } from './SmppLink.ts';

/**
 * Agents' words and the flow's turn after an agent hands back, sent by SMS from the short code
 * the subscriber wrote to, through the channel's queue. SMS has no reply window: Griot may
 * always write first, so a voice caller can be answered by SMS too, and a USSD session's late
 * answer follows by SMS. An agent's reply the SMSC did not take is said to the agent
 * (`ReplyNotDeliveredError`): not now (throttled, queue full, system error, the link down or
 * reconnecting past the channel's send budget, SMPP_RESPONSE_TIMEOUT_SECONDS: the recovery pass
 * sends it later), or never (an invalid number, a refusal).
 */
export function smsReplies(channel: () => SmsChannel): ChannelReplies {
  return {
    async sendAgentText(to, text, _agent, messageId) {
      try {
        // Not longer than the channel's send budget: a link down (reconnecting) is "not now", the recovery pass sends it later.
        const sms = channel();
        await sms.sendOutOfTurn(to.sessionKey, { text }, `agent:${messageId ?? randomUUID()}`, sms.agentReplyWaitMs !== undefined ? { waitMs: sms.agentReplyWaitMs } : {});
      } catch (error) {
        throw error instanceof SubmitError ? notDelivered(error) : error;
      }
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

/** SMPP 3.4 statuses that say "not now": queue full, throttled, system error, temporary application error. */
const TRY_AGAIN = new Set<number>([SmppStatus.MSGQFUL, SmppStatus.THROTTLED, 0x0008, SmppStatus.TEMPORARY_APP_ERROR]);
/** ESME_RINVDSTADR (0x0B): the SMSC does not know the subscriber's number. */
const INVALID_DESTINATION = 0x000b;

/** An agent's reply the SMSC did not take, as the reason the agent reads. */
function notDelivered(error: SubmitError): ReplyNotDeliveredError {
  // Never written to the SMSC (the link was down or closing), or a status that says "later".
  if (error.status === undefined || TRY_AGAIN.has(error.status)) return new ReplyNotDeliveredError('platformUnavailable', `the SMSC did not take the reply: ${error.message}`);
  return new ReplyNotDeliveredError(error.status === INVALID_DESTINATION ? 'recipientUnavailable' : 'refused', `the SMSC refused the reply: ${error.message}`);
}
