import type { FlowEvent } from '@griot/flows';
import type { InboundContent, InboundMessage } from '../messaging/inbound.ts';
import { WhatsAppChangeValue, WhatsAppWebhookBody, type WhatsAppMessage } from './webhookPayload.ts';

/** A delivery report for a message Griot sent (`sent`, `delivered`, `read`, `failed`). */
export interface WhatsAppStatusUpdate {
  phoneNumberId: string;
  /** The `wamid` the Graph API returned when the message was sent. */
  messageId: string;
  status: string;
  at: string;
  recipient?: string;
  /** What Griot put in `biz_opaque_callback_data`: the outbound message's idempotency key. */
  callbackData?: string;
  errors: { code?: number; title?: string }[];
}

export interface ParsedWebhook {
  messages: InboundMessage[];
  statuses: WhatsAppStatusUpdate[];
  /** Parts of the body that could not be read (logged, not fatal). */
  problems: string[];
}

/** Message types Griot does not answer at all (a reaction is not a question). */
const IGNORED = new Set(['reaction', 'system', 'ephemeral', 'request_welcome']);

/** The WhatsApp webhook body → channel-neutral messages and delivery reports. */
export function parseWebhook(body: unknown): ParsedWebhook {
  const result: ParsedWebhook = { messages: [], statuses: [], problems: [] };
  const envelope = WhatsAppWebhookBody.safeParse(body);
  if (!envelope.success) {
    result.problems.push(`not a WhatsApp Business webhook: ${envelope.error.issues[0]?.message ?? 'invalid'}`);
    return result;
  }
  for (const entry of envelope.data.entry) {
    for (const change of entry.changes) {
      if (change.field !== 'messages') continue;
      const value = WhatsAppChangeValue.safeParse(change.value);
      if (!value.success) {
        const issue = value.error.issues[0];
        result.problems.push(`unreadable change in entry ${entry.id}: ${issue?.path.join('.')} ${issue?.message}`);
        continue;
      }
      const phoneNumberId = value.data.metadata.phone_number_id;
      for (const message of value.data.messages ?? []) {
        // `from` is the international number without "+" (Meta's reference shows it with one in
        // places); the engine normalizes "+<digits>" to E.164.
        const from = message.from.replace(/^\+/, '');
        result.messages.push({
          channel: 'whatsapp',
          address: phoneNumberId,
          from,
          conversation: `${phoneNumberId}:${from}`,
          phoneNumber: `+${from}`,
          messageId: message.id,
          sentAt: new Date(Number(message.timestamp) * 1000).toISOString(),
          content: readContent(message),
        });
      }
      for (const status of value.data.statuses ?? []) {
        result.statuses.push({
          phoneNumberId,
          messageId: status.id,
          status: status.status,
          at: new Date(Number(status.timestamp) * 1000).toISOString(),
          ...(status.recipient_id ? { recipient: status.recipient_id } : {}),
          ...(status.biz_opaque_callback_data ? { callbackData: status.biz_opaque_callback_data } : {}),
          errors: (status.errors ?? []).map((e) => ({ ...(e.code !== undefined ? { code: e.code } : {}), ...(e.title ? { title: e.title } : {}) })),
        });
      }
    }
  }
  return result;
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
    case 'unsupported':
      return { kind: 'unsupported', type: message.unsupported?.type ?? 'unsupported' };
    default:
      return IGNORED.has(message.type) ? { kind: 'ignored', type: message.type } : { kind: 'unsupported', type: message.type };
  }
}
