import type { Channel as ChannelId } from '@griot/flows';
import type { ChannelReplies, ReplyTarget } from '../channel/Channel.ts';
import type { BindingDirectory } from '../channel/ConversationPort.ts';

/** Where the answer of a look-up a USSD session could not wait for goes: the subscriber's conversation on another channel. */
export interface FollowUp {
  target: ReplyTarget;
  /** Sends `text` once per `causeId` (the other channel's idempotency key). */
  send(text: string, causeId: string): Promise<void>;
}

export interface FollowUpDeps {
  channel?: ChannelId;
  repliesOf?: (channel: ChannelId) => ChannelReplies | undefined;
  bindings: BindingDirectory;
}

const E164 = /^\+[1-9][0-9]{5,14}$/;

/**
 * The subscriber's conversation on the follow-up channel (SMS), when one can be opened now: that
 * channel is mounted and opens conversations, the flow is bound there too (its address sends the
 * text: the SMS short code), the number is E.164, and the channel can reach it. Its key is the
 * one the agent queues give a conversation carried over to a channel:
 * `<channel>:<address>:<number without +>`. Null otherwise: the session then just says to try again.
 */
export async function followUpFor(deps: FollowUpDeps, contact: { flowId: string; environment?: string; callerNumber: string; locale: string }): Promise<FollowUp | null> {
  const { channel } = deps;
  if (!channel || !E164.test(contact.callerNumber)) return null;
  const replies = deps.repliesOf?.(channel);
  const open = replies?.openConversation?.bind(replies);
  if (!replies || !open) return null;
  const bound = (await deps.bindings.listBindings?.())?.filter((b) => b.channel === channel && b.flowId === contact.flowId) ?? [];
  const binding = bound.find((b) => b.environment === contact.environment) ?? bound[0];
  if (!binding) return null;
  const target: ReplyTarget = { sessionKey: `${channel}:${binding.address}:${contact.callerNumber.slice(1)}`, channel, callerNumber: contact.callerNumber, locale: contact.locale };
  if (replies.canReach && !(await replies.canReach(target))) return null;
  return { target, send: (text, causeId) => open(target, text, causeId) };
}
