/**
 * What the Send API refuses in a `POST /<version>/me/messages` body, per Meta's Send API, quick
 * replies, button template and message tags references: the fake Send API answers these with
 * a 400 as Meta does, so a test fails when Griot sends something over a limit or under the
 * wrong messaging type. Lengths are counted as JavaScript string lengths (never fewer than
 * Meta's characters).
 */
export function validateSendRequest(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return 'body must be a JSON object';
  const b = body as Record<string, any>;
  const recipientProblem = validateRecipient(b.recipient);
  if (recipientProblem) return recipientProblem;
  const typeProblem = validateMessagingType(b);
  if (typeProblem) return typeProblem;
  if (b.sender_action !== undefined) return 'sender_action cannot be sent with a message';
  return validateMessage(b.message);
}

/** Message tags Meta still accepts (HUMAN_AGENT: an agent's reply within 7 days of the person's last message). */
export const MESSAGE_TAGS = ['HUMAN_AGENT', 'ACCOUNT_UPDATE', 'CONFIRMED_EVENT_UPDATE', 'POST_PURCHASE_UPDATE', 'CUSTOMER_FEEDBACK'] as const;

function validateRecipient(recipient: any): string | undefined {
  if (!recipient || typeof recipient !== 'object') return 'recipient is required';
  // Griot answers people who wrote to the Page: by their page-scoped id, never by a phone number.
  if (recipient.phone_number !== undefined || recipient.user_ref !== undefined) return 'recipient must be a page-scoped id (id), not a phone_number or user_ref';
  return typeof recipient.id === 'string' && /^[0-9]{1,32}$/.test(recipient.id) ? undefined : 'recipient.id must be a page-scoped id (digits)';
}

function validateMessagingType(b: Record<string, any>): string | undefined {
  if (!['RESPONSE', 'UPDATE', 'MESSAGE_TAG'].includes(b.messaging_type)) return 'messaging_type must be RESPONSE, UPDATE or MESSAGE_TAG';
  if (b.messaging_type === 'MESSAGE_TAG') {
    return (MESSAGE_TAGS as readonly string[]).includes(b.tag) ? undefined : `tag must be one of ${MESSAGE_TAGS.join(', ')} with messaging_type MESSAGE_TAG`;
  }
  return b.tag === undefined ? undefined : 'tag is only allowed with messaging_type MESSAGE_TAG';
}

const len = (v: unknown) => (typeof v === 'string' ? v.length : -1);
const within = (v: unknown, min: number, max: number) => len(v) >= min && len(v) <= max;

function validateMessage(m: any): string | undefined {
  if (!m || typeof m !== 'object') return 'message is required';
  if ((m.text === undefined) === (m.attachment === undefined)) return 'message must have exactly one of text or attachment';
  if (m.text !== undefined && !within(m.text, 1, 2000)) return 'param message[text] must be non-empty UTF-8 encoded text of at most 2000 characters';
  if (m.quick_replies !== undefined) {
    const problem = validateQuickReplies(m.quick_replies);
    if (problem) return problem;
  }
  if (m.attachment !== undefined) return validateAttachment(m.attachment);
  return undefined;
}

function validateQuickReplies(replies: any): string | undefined {
  if (!Array.isArray(replies) || replies.length < 1 || replies.length > 13) return 'quick_replies must hold 1 to 13 quick replies';
  for (const reply of replies) {
    if (reply?.content_type === 'user_phone_number' || reply?.content_type === 'user_email') continue;
    if (reply?.content_type !== 'text') return 'quick_replies[].content_type must be text, user_phone_number or user_email';
    if (!within(reply.title, 1, 20)) return 'quick_replies[].title must be 1 to 20 characters';
    if (!within(typeof reply.payload === 'number' ? String(reply.payload) : reply.payload, 1, 1000)) return 'quick_replies[].payload must be 1 to 1000 characters';
  }
  return undefined;
}

function validateAttachment(a: any): string | undefined {
  if (!a || typeof a !== 'object') return 'attachment must be an object';
  if (['audio', 'image', 'video', 'file'].includes(a.type)) {
    return typeof a.payload?.url === 'string' && /^https?:\/\//.test(a.payload.url) ? undefined : 'attachment.payload.url must be an http(s) URL';
  }
  if (a.type === 'template' && a.payload?.template_type === 'button') {
    if (!within(a.payload.text, 1, 640)) return 'button template text must be 1 to 640 characters';
    const buttons = a.payload.buttons;
    if (!Array.isArray(buttons) || buttons.length < 1 || buttons.length > 3) return 'a button template holds 1 to 3 buttons';
    for (const button of buttons) {
      if (!within(button?.title, 1, 20)) return 'buttons[].title must be 1 to 20 characters';
      if (button.type === 'postback' && !within(button.payload, 1, 1000)) return 'buttons[].payload must be 1 to 1000 characters';
      if (button.type !== 'postback' && button.type !== 'web_url') return 'buttons[].type must be postback or web_url';
    }
    return undefined;
  }
  return `unsupported attachment type ${String(a.type)}`;
}
