import { randomUUID } from 'node:crypto';
import type { ChannelReplies } from '../channel/Channel.ts';
import { ReplyNotDeliveredError } from '../channel/ReplyNotDeliveredError.ts';
import type { MessengerChannel } from './MessengerChannel.ts';
import type { SendReport } from './MessengerSender.ts';

/**
 * Agents' words and the flow's turn after an agent hands back, sent on Messenger through the
 * channel's own queue and limits. An agent may write within 7 days of the subscriber's last
 * message (tagged `HUMAN_AGENT` after 24 hours); what cannot go is said to the agent
 * (`ReplyNotDeliveredError`). No `openConversation`: a Messenger conversation is known by a
 * page-scoped id, which a caller from another channel does not have.
 */
export function messengerReplies(channel: () => MessengerChannel): ChannelReplies {
  return {
    async sendAgentText(to, text, _agent, messageId) {
      delivered(await channel().sendOutOfTurn(to.sessionKey, { text }, `agent:${messageId ?? randomUUID()}`, 'agent'));
    },
    canReach: (to) => channel().canReach(to.sessionKey),
    async sendBotTurn(to, turn) {
      // The release turn is sent once (its key derives from the session and its turn number), within 24 hours only: past that it is logged, not sent.
      // One the platform did not take is said (not now: the runtime keeps it and tries again; never: logged).
      delivered(await channel().sendOutOfTurn(to.sessionKey, { effects: turn.effects, flowId: turn.session.flowId }, `release:${to.sessionKey}:${turn.session.turns}`, 'bot'));
    },
  };
}

/** An agent's reply that did not go, as the reason the agent reads. */
function delivered(report: SendReport): void {
  if (report.outcome === 'outsideWindow') {
    throw new ReplyNotDeliveredError('outsideWindow', 'Messenger lets an agent write only within 7 days of the subscriber’s last message');
  }
  const failure = report.failure;
  if (!failure) return;
  if (failure.outcome === 'unavailable') throw new ReplyNotDeliveredError('platformUnavailable', `Messenger did not take the reply: ${failure.message}`);
  if (failure.outcome === 'rejected') {
    const reason = failure.reason === 'outsideWindow' ? 'outsideWindow' : failure.reason === 'recipientUnavailable' || failure.reason === 'noSuchUser' ? 'recipientUnavailable' : 'refused';
    throw new ReplyNotDeliveredError(reason, `Messenger refused the reply: ${failure.message}`);
  }
}
