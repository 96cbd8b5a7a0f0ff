import { activityZodSchema } from '@microsoft/agents-activity';

/** What is wrong with a request body that should be an Activity: the field at fault and why. */
export interface ActivityProblem {
  field: string;
  message: string;
}

const MAX_ADDRESS_LENGTH = 2048;

function isHttpUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

/**
 * Checks an incoming body the way the Agents SDK will read it (its own activity schema), plus
 * what it needs to answer: a type, a conversation id, a channel id, a recipient, and a `serviceUrl` to post replies to
 * unless they come back in the response (`deliveryMode: 'expectReplies'`). Undefined when the
 * activity can be processed. The SDK throws on all of these, which would be a 500.
 */
export function activityProblem(body: unknown): ActivityProblem | undefined {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return { field: 'body', message: 'an activity is a JSON object' };
  const parsed = activityZodSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.map(String).join('.') || 'body';
    return { field, message: `${field}: ${issue?.code === 'invalid_union' ? 'not of an accepted type' : (issue?.message ?? 'invalid')}` };
  }
  const activity = parsed.data;
  if (!activity.type) return { field: 'type', message: 'type is required' };
  if (!activity.conversation?.id) return { field: 'conversation.id', message: 'conversation.id is required' };
  // The SDK cannot address a reply without these (found by the fuzz suite: a 502 on our side).
  if (!activity.channelId) return { field: 'channelId', message: 'channelId is required' };
  if (!activity.recipient) return { field: 'recipient', message: 'recipient is required' };
  // Replies go to `<serviceUrl>/v3/conversations/<conversation.id>/activities/<id>`: ids no
  // channel sends that long would make a URL the connector refuses (431).
  for (const [field, value] of [
    ['serviceUrl', activity.serviceUrl],
    ['conversation.id', activity.conversation.id],
    ['id', activity.id],
  ] as const) {
    if (typeof value === 'string' && value.length > MAX_ADDRESS_LENGTH) return { field, message: `${field} is longer than ${MAX_ADDRESS_LENGTH} characters` };
  }
  if (activity.deliveryMode !== 'expectReplies' && !isHttpUrl(activity.serviceUrl)) {
    return { field: 'serviceUrl', message: 'serviceUrl must be an http(s) URL to post the replies to (or send deliveryMode expectReplies)' };
  }
  return undefined;
}
