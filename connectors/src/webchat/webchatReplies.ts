import { randomUUID } from 'node:crypto';
import type { Reply } from '@griot/flows';
import type { ChannelReplies, ReplyTarget } from '../channel/Channel.ts';
import { ReplyNotDeliveredError } from '../channel/ReplyNotDeliveredError.ts';
import type { WebchatOutbox } from './webchatOutbox.ts';
import type { WebchatRendering } from './webchatRendering.ts';

/** `webchat:<binding id>:<conversation id>` → `<binding id>:<conversation id>`, the outbox's conversation. */
export function webchatConversationOf(to: Pick<ReplyTarget, 'sessionKey'>): string | null {
  const match = /^webchat:([^:]+:[0-9a-f-]{36})$/i.exec(to.sessionKey);
  return match?.[1] ?? null;
}

/**
 * Agents' words and the flow's turn after an agent hands back, for a web chat visitor: written
 * to the conversation's outbox in the Store, which the page reads (its long poll) while it is
 * open, and when it comes back. Delivered means stored for the visitor. Written once per send
 * key, so the agent's retry and the recovery pass add nothing twice. A Store that does not
 * answer is "not now" (`platformUnavailable`): the reply stays pending and the recovery pass writes it.
 */
export function webchatReplies(outbox: () => WebchatOutbox, rendering: () => WebchatRendering): ChannelReplies {
  const push = async (to: ReplyTarget, key: string, replies: Reply[], kept?: Reply[], ended = false, lastWord = false) => {
    const conversation = webchatConversationOf(to);
    if (!conversation) throw new ReplyNotDeliveredError('recipientUnavailable', `not a web chat conversation: ${to.sessionKey.split(':')[0]}`);
    try {
      // Nothing said (a flow that ends silently after an agent): what the conversation was told in
      // clear goes all the same. After a close the goodbye that follows (`sendClosingText`) tells
      // the page; after a hand-back nothing follows (`lastWord`): an entry with no replies does.
      if (replies.length === 0) {
        if (ended && lastWord) await outbox().append(conversation, key, 'push', [], true);
        if (ended) await outbox().contactOver(conversation);
        return;
      }
      await outbox().append(conversation, key, 'push', replies, ended, kept);
    } catch (error) {
      throw new ReplyNotDeliveredError('platformUnavailable', `the web chat could not keep the reply for the visitor: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  return {
    // An agent may type a balance or a code: their words are given to the page while the contact
    // lives (the outbox's live part), and not kept past it (the agents' inbox keeps the conversation).
    sendAgentText: (to, text, _agent, messageId) => push(to, `agent:${messageId ?? randomUUID()}`, [{ type: 'text', text }], []),
    // Griot's own words (nothing to withhold), ending the conversation: the page says so, the live part goes.
    sendClosingText: (to, text) => push(to, `closed:${randomUUID()}`, [{ type: 'text', text }], undefined, true),
    // Sent once: the key derives from the session and its turn number. A prompt that held a
    // sensitive value is kept masked past the contact; a turn that ends it drops what it was told.
    sendBotTurn: (to, turn) => {
      const { flowId } = turn.session;
      const locales = turn.flow?.locales;
      return push(
        to,
        `release:${to.sessionKey}:${turn.session.turns}`,
        rendering().render(to, turn.effects, flowId, locales),
        rendering().keptOutside(to, turn.effects, flowId, locales),
        turn.session.status === 'ended',
        turn.lastWord === true,
      );
    },
    // The page reads its outbox whenever it is open: nothing closes a web chat conversation to an agent.
    canReach: async (to) => webchatConversationOf(to) !== null,
  };
}
