/**
 * WhatsApp Cloud API webhook bodies shaped exactly as Meta documents them (Webhooks reference →
 * messages: text, interactive, button, image, unsupported; status), with Meta's example values
 * as defaults. Tests and the benchmark build inbound traffic from these.
 */

export interface Sender {
  /** Business phone number id (`metadata.phone_number_id`). */
  phoneNumberId?: string;
  displayPhoneNumber?: string;
  /** The subscriber's `wa_id`: international number without "+"; null for one who hides their number behind a username. */
  waId?: string | null;
  /** Their business-scoped user id (`contacts[].user_id`, `messages[].from_user_id`), e.g. `BJ.1349120865530274`. */
  userId?: string;
  /** Their WhatsApp username (`contacts[].username`). */
  username?: string;
  name?: string;
  /** `wamid…` of this message. */
  id?: string;
  /** Unix seconds. */
  timestamp?: number;
  /** The wamid of the message whose button or row was tapped. */
  contextId?: string;
}

const BUSINESS_ACCOUNT_ID = '102290129340398';
let counter = 0;

/** A fresh message id in Meta's format. */
export function newWamid(): string {
  counter += 1;
  const unique = `${process.pid.toString(16)}${Date.now().toString(16)}${counter.toString(16).padStart(8, '0')}`.toUpperCase();
  return `wamid.HBgLMjI5MDE5NzAwMDAwMRUCABIYFDNB${Buffer.from(unique).toString('base64').replace(/=+$/, '')}AA==`;
}

function envelope(sender: Sender, value: Record<string, unknown>) {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: BUSINESS_ACCOUNT_ID,
        changes: [
          {
            value: {
              messaging_product: 'whatsapp',
              metadata: {
                display_phone_number: sender.displayPhoneNumber ?? '15550783881',
                phone_number_id: sender.phoneNumberId ?? '106540352242922',
              },
              ...value,
            },
            field: 'messages',
          },
        ],
      },
    ],
  };
}

function message(sender: Sender, type: string, content: Record<string, unknown>) {
  const waId = sender.waId === null ? undefined : (sender.waId ?? '16505551234');
  return envelope(sender, {
    contacts: [
      {
        profile: { name: sender.name ?? 'Sheena Nelson' },
        ...(waId !== undefined ? { wa_id: waId } : {}),
        ...(sender.userId ? { user_id: sender.userId } : {}),
        ...(sender.username ? { username: sender.username } : {}),
      },
    ],
    messages: [
      {
        ...(sender.contextId ? { context: { from: sender.displayPhoneNumber ?? '15550783881', id: sender.contextId } } : {}),
        ...(waId !== undefined ? { from: waId } : {}),
        ...(sender.userId ? { from_user_id: sender.userId } : {}),
        id: sender.id ?? newWamid(),
        timestamp: String(sender.timestamp ?? Math.floor(Date.now() / 1000)),
        type,
        ...content,
      },
    ],
  });
}

export const textMessage = (body: string, sender: Sender = {}) => message(sender, 'text', { text: { body } });

/**
 * Several single-message webhooks (of one business number) as Meta batches them: one change
 * whose `contacts` and `messages` hold them all, in order.
 */
export function batch(...bodies: ReturnType<typeof textMessage>[]) {
  const values = bodies.map((b) => b.entry[0]!.changes[0]!.value as Record<string, any>);
  const [first] = bodies;
  if (!first) throw new Error('batch needs at least one webhook body');
  return {
    ...first,
    entry: [
      {
        ...first.entry[0]!,
        changes: [
          {
            field: 'messages',
            value: { ...values[0]!, contacts: values.flatMap((v) => v.contacts ?? []), messages: values.flatMap((v) => v.messages ?? []) },
          },
        ],
      },
    ],
  };
}

export const buttonReply = (id: string, title: string, sender: Sender = {}) =>
  message({ contextId: newWamid(), ...sender }, 'interactive', { interactive: { type: 'button_reply', button_reply: { id, title } } });

export const listReply = (id: string, title: string, description: string | undefined, sender: Sender = {}) =>
  message({ contextId: newWamid(), ...sender }, 'interactive', {
    interactive: { type: 'list_reply', list_reply: { id, title, ...(description !== undefined ? { description } : {}) } },
  });

/** A quick-reply button of a template message. */
export const templateButton = (text: string, payload = text, sender: Sender = {}) => message({ contextId: newWamid(), ...sender }, 'button', { button: { payload, text } });

export const imageMessage = (sender: Sender = {}) =>
  message(sender, 'image', {
    image: { caption: 'This is a caption', mime_type: 'image/jpeg', sha256: '81d3bd8a8db4868c9520ed47186e8b7c5789e61ff79f7f834be6950b808a90d3', id: '2754859441498128' },
  });

export const unsupportedMessage = (unsupportedType = 'poll_update', sender: Sender = {}) =>
  message(sender, 'unsupported', {
    errors: [{ code: 131051, title: 'Message type unknown', message: 'Message type unknown', error_data: { details: 'Message type is currently not supported.' } }],
    unsupported: { type: unsupportedType },
  });

/** The subscriber edited (`edit`) or deleted (`revoke`) a message they had sent `originalId` (Meta's Coexistence numbers). */
export const editMessage = (originalId: string, text: string, sender: Sender = {}) =>
  message(sender, 'edit', { edit: { original_message_id: originalId, message: { type: 'text', text: { body: text } } } });
export const revokeMessage = (originalId: string, sender: Sender = {}) => message(sender, 'revoke', { revoke: { original_message_id: originalId } });

export const reactionMessage = (messageId: string, emoji = '👍', sender: Sender = {}) => message(sender, 'reaction', { reaction: { message_id: messageId, emoji } });

export interface StatusFixture {
  id: string;
  status: 'sent' | 'delivered' | 'read' | 'failed';
  recipientId?: string;
  timestamp?: number;
  callbackData?: string;
}

export const statusUpdate = (status: StatusFixture, sender: Sender = {}) =>
  envelope(sender, {
    statuses: [
      {
        id: status.id,
        status: status.status,
        timestamp: String(status.timestamp ?? Math.floor(Date.now() / 1000)),
        ...(sender.waId === null ? {} : { recipient_id: status.recipientId ?? sender.waId ?? '16505551234' }),
        ...(sender.userId ? { recipient_user_id: sender.userId } : {}),
        ...(status.callbackData ? { biz_opaque_callback_data: status.callbackData } : {}),
        ...(status.status === 'failed'
          ? { errors: [{ code: 131026, title: 'Message undeliverable', message: 'Message undeliverable', error_data: { details: 'Message Undeliverable.' } }] }
          : { pricing: { billable: true, pricing_model: 'PMP', type: 'free_customer_service', category: 'service' } }),
      },
    ],
  });
