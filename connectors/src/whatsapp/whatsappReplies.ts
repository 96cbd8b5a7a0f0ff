import { randomUUID } from 'node:crypto';
import type { ChannelReplies } from '../channel/Channel.ts';
import { ReplyNotDeliveredError } from '../channel/ReplyNotDeliveredError.ts';
import type { SendReport } from './WhatsAppSender.ts';
import type { WhatsAppChannel } from './WhatsAppChannel.ts';

/**
 * Agents' words and the flow's turn after an agent hands back, sent on WhatsApp through the
 * channel's own queue, limits and 24-hour window. An agent's reply Graph did not take is said to
 * the agent (`ReplyNotDeliveredError`): not now (the recovery pass sends it later), or never.
 */
export function whatsappReplies(channel: () => WhatsAppChannel): ChannelReplies {
  return {
    async sendAgentText(to, text, _agent, messageId) {
      delivered(await channel().sendOutOfTurn(to.sessionKey, { text }, `agent:${messageId ?? randomUUID()}`));
    },
    canReach: (to) => channel().canReach(to.sessionKey),
    async openConversation(to, text, causeId) {
      await channel().sendOutOfTurn(to.sessionKey, { text }, causeId);
    },
    async sendBotTurn(to, turn) {
      // The release turn is sent once: its key derives from the session and its turn number. One Graph
      // did not take is said (not now: the runtime keeps it and tries again; never: logged).
      delivered(await channel().sendOutOfTurn(to.sessionKey, { effects: turn.effects, flowId: turn.session.flowId, locales: turn.flow?.locales }, `release:${to.sessionKey}:${turn.session.turns}`));
    },
  };
}

/** Cloud API codes for a subscriber Griot may no longer write to: 131047 (more than 24 hours since their last message). */
const OUTSIDE_WINDOW = new Set([131047]);
/** Cloud API codes for a subscriber WhatsApp cannot deliver to: 131026 (not on WhatsApp, blocked the business, an old app), 131021 (the business's own number). */
const RECIPIENT_UNAVAILABLE = new Set([131026, 131021]);

/** An agent's reply that did not go, as the reason the agent reads. */
function delivered(report: SendReport | undefined): void {
  if (!report) return;
  if (report.outcome === 'skipped' || report.outcome === 'template') {
    const invited = report.outcome === 'template' ? ': the approved template was sent to invite them to write again' : '';
    throw new ReplyNotDeliveredError('outsideWindow', `WhatsApp lets an agent write only within 24 hours of the subscriber’s last message${invited}`);
  }
  const failure = report.failure;
  if (!failure) return;
  if (failure.outcome === 'unavailable') throw new ReplyNotDeliveredError('platformUnavailable', `WhatsApp did not take the reply: ${failure.message}`, failure.retryAfterSeconds);
  if (failure.outcome === 'rejected') {
    const code = failure.code ?? 0;
    const reason = OUTSIDE_WINDOW.has(code) ? 'outsideWindow' : RECIPIENT_UNAVAILABLE.has(code) ? 'recipientUnavailable' : 'refused';
    throw new ReplyNotDeliveredError(reason, `WhatsApp refused the reply: ${failure.message}`);
  }
}
