import type { InboundMessage } from '../messaging/inbound.ts';

/** The parts of an incoming Activity Griot reads. */
export interface IncomingActivity {
  type: string;
  id?: string;
  channelId?: string;
  text?: string;
  value?: unknown;
  timestamp?: string | Date;
  from?: { id?: string };
  recipient?: { id?: string };
  conversation?: { id?: string };
  membersAdded?: { id?: string }[];
  attachments?: unknown[];
}

/**
 * The caller id of a Bot Framework user: their `from.id` in the channel's name. Direct Line and
 * Web Chat let the page choose that id, so it may spell anything (`telegram:<someone's id>`, a
 * phone number): named so, it never takes another channel's shape nor a number's. The engine
 * names any caller id after its channel the same way: ids stored before read the same.
 */
export function botFrameworkCallerOf(userId: string): string {
  return `botframework:${userId}`;
}

/**
 * An incoming activity → a channel-neutral message, or undefined when there is nothing to do.
 * A message's text is the answer; `value.option` (a `messageBack` or Adaptive Card submit from
 * a custom client) is a choice by option id; a message with only attachments is unsupported; a
 * conversation update adding someone other than the bot opens the conversation.
 */
export function readActivity(activity: IncomingActivity, address: string, now: () => Date = () => new Date()): InboundMessage | undefined {
  const conversation = activity.conversation?.id;
  const from = activity.from?.id;
  if (!conversation || !from) return undefined;
  const base = {
    channel: 'botframework' as const,
    address,
    from: botFrameworkCallerOf(from),
    conversation,
    // Activity ids are unique within a conversation only.
    messageId: `${conversation}/${activity.id ?? `${now().getTime()}:${Math.random().toString(36).slice(2)}`}`,
    sentAt: now().toISOString(),
  };
  if (activity.type === 'conversationUpdate') {
    const someoneElse = (activity.membersAdded ?? []).some((m) => m.id && m.id !== activity.recipient?.id);
    return someoneElse ? { ...base, content: { kind: 'open' } } : undefined;
  }
  if (activity.type !== 'message') return undefined;
  const option = (activity.value as { option?: unknown } | undefined)?.option;
  if (typeof option === 'string' && option !== '') return { ...base, content: { kind: 'event', event: { type: 'choice', option: option.slice(0, 256) } } };
  const text = activity.text?.trim();
  if (text) return { ...base, content: { kind: 'event', event: { type: 'text', text: text.slice(0, 4096) } } };
  return { ...base, content: { kind: 'unsupported', type: (activity.attachments?.length ?? 0) > 0 ? 'attachment' : 'empty' } };
}
