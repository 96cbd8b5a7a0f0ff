import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ChannelConfigError } from '../channel/ChannelConfigError.ts';
import type { RateBudget } from '../channel/ChannelRateLimits.ts';

const budget = z.coerce.number().int().min(0).max(1_000_000);

/** The web chat's limits on anonymous visitors, read from the environment (empty counts as unset). */
const WebchatEnv = z.object({
  /** Conversations one address may open in 10 minutes (visitors behind one NAT or carrier-grade NAT share it). */
  WEBCHAT_NEW_CONVERSATIONS_PER_ADDRESS: budget.default(60),
  /** Messages from one address in 10 minutes, all conversations together (also those naming a conversation id of their own). */
  WEBCHAT_MESSAGES_PER_ADDRESS: budget.default(600),
  /** Messages in one conversation in a minute: a person types or clicks one every few seconds. */
  WEBCHAT_MESSAGES_PER_CONVERSATION: budget.default(30),
  /** Long polls (`/updates`) from one address in a minute, all conversations together: a page polls about twice a minute when nothing comes. */
  WEBCHAT_POLLS_PER_ADDRESS: budget.default(600),
});

export interface WebchatLimits {
  newConversationsPerAddress: number;
  messagesPerAddress: number;
  messagesPerConversation: number;
  pollsPerAddress: number;
}

const ADDRESS_WINDOW_SECONDS = 600;
const CONVERSATION_WINDOW_SECONDS = 60;

/** Reads the WEBCHAT_* variables; a `ChannelConfigError` names one that is invalid. `0` turns a limit off. */
export function readWebchatLimits(env: Record<string, string | undefined>): WebchatLimits {
  const present = Object.fromEntries(Object.entries(env).filter(([k, v]) => k.startsWith('WEBCHAT_') && v !== undefined && v.trim() !== ''));
  const parsed = WebchatEnv.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ChannelConfigError(String(issue.path[0]), issue.message);
  }
  const e = parsed.data;
  return {
    newConversationsPerAddress: e.WEBCHAT_NEW_CONVERSATIONS_PER_ADDRESS,
    messagesPerAddress: e.WEBCHAT_MESSAGES_PER_ADDRESS,
    messagesPerConversation: e.WEBCHAT_MESSAGES_PER_CONVERSATION,
    pollsPerAddress: e.WEBCHAT_POLLS_PER_ADDRESS,
  };
}

/**
 * What one message counts against: its address's messages, and either its address's new
 * conversations (no conversation id: it opens one) or its conversation's messages. A made-up
 * conversation id opens a conversation too, unseen by the second budget: the address's
 * messages bound that. The conversation is counted by a digest: its id is the visitor's only
 * credential and stays out of the store's counters.
 */
export function webchatBudgets(limits: WebchatLimits, address: string, conversation: string | undefined): RateBudget[] {
  const budgets: RateBudget[] = [{ name: 'address', key: `webchat:addr:${address}`, points: limits.messagesPerAddress, windowSeconds: ADDRESS_WINDOW_SECONDS }];
  if (conversation === undefined) {
    budgets.push({ name: 'address/conversations', key: `webchat:new:${address}`, points: limits.newConversationsPerAddress, windowSeconds: ADDRESS_WINDOW_SECONDS });
  } else {
    const digest = createHash('sha256').update(conversation).digest('hex').slice(0, 32);
    budgets.push({ name: 'conversation', key: `webchat:conv:${digest}`, points: limits.messagesPerConversation, windowSeconds: CONVERSATION_WINDOW_SECONDS });
  }
  return budgets.filter((b) => b.points > 0);
}

const POLL_WINDOW_SECONDS = 60;

/** What one long poll (`/updates`) counts against: its address's polls in a minute (each one is a read of the store). */
export function webchatPollBudgets(limits: WebchatLimits, address: string): RateBudget[] {
  const budgets: RateBudget[] = [{ name: 'address/polls', key: `webchat:poll:${address}`, points: limits.pollsPerAddress, windowSeconds: POLL_WINDOW_SECONDS }];
  return budgets.filter((b) => b.points > 0);
}
