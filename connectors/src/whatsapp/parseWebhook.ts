import { cleanAccountName, type FlowEvent } from '@griot/flows';
import type { InboundContent, InboundMessage } from '../messaging/inbound.ts';
import { sentAtIso } from '../messaging/sentAtIso.ts';
import { WHATSAPP_PHONE, WHATSAPP_USER_ID, WhatsAppChangeValue, WhatsAppContact, WhatsAppMessage, WhatsAppStatus, WhatsAppWebhookBody } from './webhookPayload.ts';

/** A delivery report for a message Griot sent (`sent`, `delivered`, `read`, `failed`). */
export interface WhatsAppStatusUpdate {
  phoneNumberId: string;
  /** The `wamid` the Graph API returned when the message was sent. */
  messageId: string;
  status: string;
  at: string;
  /** The recipient's `wa_id`, or their user id when they hide their number. */
  recipient?: string;
  /** What Griot put in `biz_opaque_callback_data`: the outbound message's idempotency key. */
  callbackData?: string;
  errors: { code?: number; title?: string }[];
}

/**
 * A part of a webhook that was skipped, said without personal data (no number, user id,
 * message id or text: a wamid encodes the sender's number): where it was and why.
 */
export interface WebhookProblem {
  /** `entry 0 / change 1 / message 2`. */
  at: string;
  reason: string;
}

export interface ParsedWebhook {
  messages: InboundMessage[];
  statuses: WhatsAppStatusUpdate[];
  /** Parts of the body that could not be read (logged, not fatal: the rest is processed). */
  problems: WebhookProblem[];
}

/**
 * Message types Griot does not answer at all: a reaction is not a question, and a subscriber who
 * edits or deletes a message they sent (`edit`, `revoke`; as `unsupported` of that type on
 * numbers Meta does not show them for) wrote nothing new to answer: the flow has taken the first
 * words already, and reading the edit as the answer to the next question could pick what they
 * never chose. Telegram and Messenger edits are likewise left alone.
 */
const IGNORED = new Set(['reaction', 'system', 'ephemeral', 'request_welcome', 'edit', 'revoke']);

/**
 * The WhatsApp webhook body → channel-neutral messages and delivery reports. Each message and
 * status stands alone: one that cannot be read is reported in `problems` and skipped, the
 * others go on. A subscriber who hides their number is known by their user id: their
 * conversation is `<phone_number_id>:<user id>`, and without a phone number there is no caller
 * memory by number for them.
 */
export function parseWebhook(body: unknown, now: () => number = Date.now): ParsedWebhook {
  const receivedMs = now();
  const result: ParsedWebhook = { messages: [], statuses: [], problems: [] };
  const envelope = WhatsAppWebhookBody.safeParse(body);
  if (!envelope.success) {
    result.problems.push({ at: 'body', reason: `not a WhatsApp Business webhook: ${describeIssue(envelope.error.issues[0])}` });
    return result;
  }
  envelope.data.entry.forEach((entry, e) => {
    entry.changes.forEach((change, c) => {
      if (change.field !== 'messages') return;
      const where = `entry ${e} / change ${c}`;
      const value = WhatsAppChangeValue.safeParse(change.value);
      if (!value.success) {
        result.problems.push({ at: where, reason: `unreadable change: ${describeIssue(value.error.issues[0])}` });
        return;
      }
      const phoneNumberId = value.data.metadata.phone_number_id;
      const contacts = (value.data.contacts ?? []).flatMap((raw) => {
        const contact = WhatsAppContact.safeParse(raw);
        return contact.success ? [contact.data] : [];
      });
      (value.data.messages ?? []).forEach((raw, m) => {
        const at = `${where} / message ${m}`;
        const message = WhatsAppMessage.safeParse(raw);
        if (!message.success) {
          result.problems.push({ at, reason: `unreadable message: ${describeIssue(message.error.issues[0])}` });
          return;
        }
        // One-to-one chats only, as on Telegram: a group's members read what the bot says there,
        // and the words they write to each other are no answers to a private menu.
        if (message.data.group_id !== undefined) {
          result.problems.push({ at, reason: `a ${message.data.type} message in a group: Griot answers one-to-one chats only` });
          return;
        }
        const sender = senderOf(message.data, contacts);
        if (!sender) {
          result.problems.push({ at, reason: `a ${message.data.type} message with neither a phone number nor a user id for its sender` });
          return;
        }
        const id = sender.phone ?? sender.userId;
        const senderName = profileNameOf(sender, contacts);
        result.messages.push({
          channel: 'whatsapp',
          address: phoneNumberId,
          from: id,
          conversation: `${phoneNumberId}:${id}`,
          ...(sender.phone ? { phoneNumber: `+${sender.phone}` } : {}),
          ...(senderName ? { senderName } : {}),
          messageId: message.data.id,
          sentAt: sentAtIso(Number(message.data.timestamp) * 1000, receivedMs),
          content: readContent(message.data),
        });
      });
      (value.data.statuses ?? []).forEach((raw, i) => {
        const status = WhatsAppStatus.safeParse(raw);
        if (!status.success) {
          result.problems.push({ at: `${where} / status ${i}`, reason: `unreadable status: ${describeIssue(status.error.issues[0])}` });
          return;
        }
        const recipient = status.data.recipient_id ?? status.data.recipient_user_id;
        result.statuses.push({
          phoneNumberId,
          messageId: status.data.id,
          status: status.data.status,
          at: sentAtIso(Number(status.data.timestamp) * 1000, receivedMs),
          ...(recipient ? { recipient } : {}),
          ...(status.data.biz_opaque_callback_data ? { callbackData: status.data.biz_opaque_callback_data } : {}),
          errors: (status.data.errors ?? []).map((x) => ({ ...(x.code !== undefined ? { code: x.code } : {}), ...(x.title ? { title: x.title } : {}) })),
        });
      });
    });
  });
  return result;
}

type Sender = { phone: string; userId?: string } | { phone?: undefined; userId: string };

/**
 * Who wrote: the phone number (`from`, international digits; the engine makes it E.164) when
 * given, else the user id (`from_user_id`; some senders put it in `from`). A message naming
 * neither takes its change's only contact, when there is exactly one.
 */
function senderOf(message: WhatsAppMessage, contacts: WhatsAppContact[]): Sender | undefined {
  const phoneOf = (v: string | undefined) => (v !== undefined && WHATSAPP_PHONE.test(v) ? v.replace(/^\+/, '') : undefined);
  const userIdOf = (v: string | undefined) => (v !== undefined && WHATSAPP_USER_ID.test(v) ? v : undefined);
  const only = contacts.length === 1 ? contacts[0] : undefined;
  const named = message.from !== undefined || message.from_user_id !== undefined;
  const phone = phoneOf(message.from) ?? (named ? undefined : phoneOf(only?.wa_id));
  const userId = userIdOf(message.from_user_id) ?? userIdOf(message.from) ?? (named ? undefined : userIdOf(only?.user_id));
  if (phone) return { phone, ...(userId ? { userId } : {}) };
  return userId ? { userId } : undefined;
}

/**
 * The sender's profile name (`contacts[].profile.name`): from the contact that names the same number or user id, or the
 * change's only contact, cleaned (`cleanAccountName`): control characters and direction controls out (an RLO inside the
 * agent's `<bdi>` still turns « \u202E1234 ecivres » into « service 4321 »); a name of blanks is none.
 */
function profileNameOf(sender: Sender, contacts: WhatsAppContact[]): string | undefined {
  const own = contacts.find((contact) => (sender.phone !== undefined && contact.wa_id?.replace(/^\+/, '') === sender.phone) || (sender.userId !== undefined && contact.user_id === sender.userId));
  const name = (own ?? (contacts.length === 1 ? contacts[0] : undefined))?.profile?.name;
  return cleanAccountName(name);
}

/** A zod issue as "field: problem", never the value. */
function describeIssue(issue: { path: PropertyKey[]; message: string } | undefined): string {
  if (!issue) return 'invalid';
  return issue.path.length > 0 ? `${issue.path.map(String).join('.')}: ${issue.message}` : issue.message;
}

function readContent(message: WhatsAppMessage): InboundContent {
  const event = (e: FlowEvent): InboundContent => ({ kind: 'event', event: e });
  switch (message.type) {
    case 'text':
      // WhatsApp caps a message at 4,096 characters; the flow reads no more.
      return message.text ? event({ type: 'text', text: message.text.body.slice(0, 4096) }) : { kind: 'unsupported', type: 'text' };
    case 'interactive': {
      const reply = message.interactive?.button_reply ?? message.interactive?.list_reply;
      return reply ? event({ type: 'choice', option: reply.id.slice(0, 256) }) : { kind: 'unsupported', type: `interactive:${message.interactive?.type ?? '?'}` };
    }
    case 'button':
      // A template quick reply: its label is what the subscriber read, and what the flow's
      // options and keywords ("Menu", "Conseiller") match.
      return message.button ? event({ type: 'text', text: message.button.text.slice(0, 4096) }) : { kind: 'unsupported', type: 'button' };
    case 'unsupported': {
      const type = message.unsupported?.type ?? 'unsupported';
      return IGNORED.has(type) ? { kind: 'ignored', type } : { kind: 'unsupported', type };
    }
    default:
      return IGNORED.has(message.type) ? { kind: 'ignored', type: message.type } : { kind: 'unsupported', type: message.type };
  }
}
