import { randomUUID } from 'node:crypto';
import { botFrameworkCapabilities, renderReplies, systemTexts } from '@griot/flows';
import type { ChannelReplies, ReplyTarget } from '../channel/Channel.ts';
import type { ChannelLogger } from '../channel/ChannelLogger.ts';
import { ReplyNotDeliveredError } from '../channel/ReplyNotDeliveredError.ts';
import type { MessagingLedger } from '../messaging/ledger.ts';
import { sendInOrder, type SendOutcome } from '../messaging/sendInOrder.ts';
import type { BotFrameworkConfig } from './botFrameworkConfig.ts';
import { BotTokenUnavailable, type BotFrameworkTokens } from './botFrameworkTokens.ts';
import type { ConversationReference, ConversationReferences } from './conversationReferences.ts';
import { serviceUrlAllowed } from './serviceUrlAllowed.ts';
import { toActivities, type ReplyActivity } from './toActivities.ts';

export interface BotFrameworkRepliesDeps {
  config: BotFrameworkConfig;
  references: ConversationReferences;
  tokens: BotFrameworkTokens;
  ledger: MessagingLedger;
  logger: ChannelLogger;
  publicBaseUrl?: string;
  /** One POST to the connector, at most (default 10 s): the agent's request waits for it. */
  timeoutMs?: number;
  now?: () => number;
}

/** What a failed POST to the connector was: not now (429, 5xx, no connection, no token) or never (403, 404: the conversation is gone or the bot was removed). */
interface ConnectorFailure {
  reason: 'platformUnavailable' | 'recipientUnavailable' | 'refused';
  message: string;
  retryAfterSeconds?: number;
}

/** `botframework:<conversation id>` → the conversation id. */
const conversationOf = (to: Pick<ReplyTarget, 'sessionKey'>) => (to.sessionKey.startsWith('botframework:') ? to.sessionKey.slice('botframework:'.length) : null);

/**
 * Agents' words and the flow's turn after an agent hands back, written first to a Bot Framework
 * conversation (Teams, Web Chat through Azure…): POSTed to the Bot Connector at the conversation
 * reference's `serviceUrl` (`/v3/conversations/{id}/activities`) with the bot's token, each under a
 * send key in the ledger (`agent:<contact>:<message>`), never twice. Not now (429, 5xx, no
 * connection, no token): `platformUnavailable`, the reply stays pending and the recovery pass
 * sends it; never (403, 404: the conversation is gone, the bot was removed or blocked):
 * `recipientUnavailable`. Only to a `serviceUrl` the channel would answer to (`serviceUrlAllowed`): anonymous (no app id), this machine; with an app id, the Bot Connector's hosts.
 */
export function botFrameworkReplies(deps: () => BotFrameworkRepliesDeps): ChannelReplies {
  const send = async (to: ReplyTarget, causeId: string, activities: ReplyActivity[]) => {
    const d = deps();
    const conversationId = conversationOf(to);
    const reference = conversationId ? await d.references.get(conversationId).catch(() => undefined) : null;
    if (reference === undefined) throw new ReplyNotDeliveredError('platformUnavailable', 'the conversation reference could not be read now');
    if (!reference) throw new ReplyNotDeliveredError('recipientUnavailable', 'Griot has no address for this conversation (the user never wrote through a channel that takes replies later)');
    if (!serviceUrlAllowed(d.config, reference.serviceUrl)) {
      d.logger.warn({ event: 'botframework.serviceUrlRefused' }, 'an agent reply was not sent: the conversation’s serviceUrl is not one this bot may post to');
      throw new ReplyNotDeliveredError('refused', 'the conversation’s serviceUrl is not one this bot may post to');
    }
    const report = await sendInOrder<ReplyActivity, ConnectorFailure>({
      ledger: d.ledger,
      logger: d.logger,
      now: d.now ?? Date.now,
      retentionHours: undefined,
      conversationKey: to.sessionKey,
      messages: activities.map((message, index) => ({ key: activities.length === 1 ? causeId : `${causeId}:${index}`, message })),
      send: (activity) => post(d, reference, activity),
      label: 'Bot Framework',
    });
    if (report.outcome === 'failed' && report.failure) {
      const { reason, message, retryAfterSeconds } = report.failure;
      throw new ReplyNotDeliveredError(reason, message, retryAfterSeconds);
    }
  };
  return {
    sendAgentText: (to, text, _agent, messageId) => send(to, `agent:${messageId ?? randomUUID()}`, [{ type: 'message', text }]),
    async sendBotTurn(to, turn) {
      const d = deps();
      const conversationId = conversationOf(to);
      // A store that does not answer is "not now", as for agents' replies (not a bare error).
      const reference = conversationId ? await d.references.get(conversationId).catch(() => undefined) : null;
      if (reference === undefined) throw new ReplyNotDeliveredError('platformUnavailable', 'the conversation reference could not be read now');
      const base = d.publicBaseUrl?.replace(/\/+$/, '');
      const flowId = turn.session.flowId;
      const replies = renderReplies(turn.effects, {
        capabilities: botFrameworkCapabilities(reference?.channelId),
        audioUrl: (name) => (base ? `${base}/audio/${encodeURIComponent(flowId)}/${name.split('/').map(encodeURIComponent).join('/')}` : undefined),
        texts: (locale) => systemTexts(locale),
      }).replies;
      if (replies.length === 0) return;
      // Sent once: the key derives from the session and its turn number.
      await send(to, `release:${to.sessionKey}:${turn.session.turns}`, toActivities(replies));
    },
    /** Which client the user writes from (`msteams`, `webchat`, `directline`…), for the agents' inbox. */
    async platformOf(to) {
      const conversationId = conversationOf(to);
      return conversationId ? (await deps().references.get(conversationId))?.channelId : undefined;
    },
  };
}

async function post(d: BotFrameworkRepliesDeps, reference: ConversationReference, reply: ReplyActivity): Promise<SendOutcome<ConnectorFailure>> {
  const failed = (failure: ConnectorFailure): SendOutcome<ConnectorFailure> => ({ kind: 'failed', attempts: 1, error: failure.message, failure, log: { reason: failure.reason } });
  let token: string | undefined;
  try {
    token = await d.tokens.token();
  } catch (error) {
    if (error instanceof BotTokenUnavailable) return failed({ reason: 'platformUnavailable', message: error.message });
    throw error;
  }
  const activity = {
    ...reply,
    from: reference.bot,
    recipient: reference.user,
    conversation: { id: reference.conversationId, ...(reference.tenantId ? { tenantId: reference.tenantId } : {}) },
    channelId: reference.channelId,
    serviceUrl: reference.serviceUrl,
  };
  const url = `${reference.serviceUrl.replace(/\/+$/, '')}/v3/conversations/${encodeURIComponent(reference.conversationId)}/activities`;
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(activity),
      signal: AbortSignal.timeout(d.timeoutMs ?? 10_000),
      // Never followed: a 307/308 would resend the reply (and, within the host, the token) wherever it points.
      redirect: 'manual',
    });
  } catch (error) {
    // A timeout: the connector may have taken it (never sent again); anything else never reached it.
    if (error instanceof Error && error.name === 'TimeoutError') return { kind: 'uncertain', attempts: 1, error: 'the Bot Connector did not answer in time' };
    return failed({ reason: 'platformUnavailable', message: `the Bot Connector could not be reached: ${error instanceof Error ? error.message : String(error)}` });
  }
  if (response.status >= 300 && response.status < 400) {
    await response.body?.cancel();
    return failed({ reason: 'refused', message: `the Bot Connector answered a redirect (${response.status}), not followed` });
  }
  const answer = (await response.json().catch(() => ({}))) as { id?: unknown; error?: { code?: unknown } };
  if (response.ok) return { kind: 'sent', ...(typeof answer.id === 'string' ? { platformId: answer.id } : {}), attempts: 1 };
  const code = typeof answer.error?.code === 'string' ? ` ${answer.error.code}` : '';
  if (response.status === 429 || response.status >= 500) {
    const retryAfter = Number(response.headers.get('retry-after'));
    return failed({
      reason: 'platformUnavailable',
      message: `the Bot Connector did not take the reply now (${response.status}${code})`,
      ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterSeconds: retryAfter } : {}),
    });
  }
  // 403: the bot was removed from the conversation or blocked; 404: the conversation is gone.
  const gone = response.status === 403 || response.status === 404;
  return failed({ reason: gone ? 'recipientUnavailable' : 'refused', message: `the Bot Connector refused the reply (${response.status}${code})` });
}
