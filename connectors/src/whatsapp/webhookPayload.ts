import { z } from 'zod';

/**
 * The WhatsApp Cloud API webhook body, as Meta documents it (Webhooks reference: messages,
 * interactive, button, status, unsupported). Objects are not strict: Meta adds fields over
 * time, and an unknown field must not make a valid message unreadable. The change's lists are
 * read item by item (`parseWebhook`): one unreadable message or contact never spoils the others.
 *
 * Usernames: a subscriber may hide their phone number behind a username. Meta then omits
 * `contacts[].wa_id` and `messages[].from`; `contacts[].user_id` and `messages[].from_user_id`
 * carry their business-scoped user id (`US.13491208655302741918`, a parent id `US.ENT.…`), which
 * Meta sends for everyone since April 2026. Statuses carry `recipient_user_id` likewise.
 */

/** A business-scoped user id: two-letter country code, a dot, up to 128 letters and digits (a parent id has `ENT.`). */
export const WHATSAPP_USER_ID = /^[A-Z]{2}\.(?:ENT\.)?[A-Za-z0-9]{1,128}$/;
/** A `wa_id`: the international number in digits (Meta's reference shows a `+` in places). */
export const WHATSAPP_PHONE = /^\+?[0-9]{5,20}$/;

export const WhatsAppContact = z.object({
  wa_id: z.string().optional(),
  user_id: z.string().optional(),
  username: z.string().optional(),
  profile: z.object({ name: z.string().max(256).optional() }).optional(),
});
export type WhatsAppContact = z.infer<typeof WhatsAppContact>;

const Context = z.object({ from: z.string().optional(), id: z.string().optional() });

export const WhatsAppMessage = z.object({
  /** The sender's `wa_id`; absent when they hide their number. */
  from: z.string().min(1).max(32).optional(),
  /** The sender's business-scoped user id. */
  from_user_id: z.string().min(1).max(140).optional(),
  id: z.string().min(1).max(512),
  timestamp: z.string().regex(/^[0-9]+$/),
  type: z.string().min(1).max(64),
  /** Set when the message was written in a group the business number is in (Meta's group messages). */
  group_id: z.unknown().optional(),
  context: Context.optional(),
  text: z.object({ body: z.string() }).optional(),
  interactive: z
    .object({
      type: z.string(),
      button_reply: z.object({ id: z.string().min(1), title: z.string() }).optional(),
      list_reply: z.object({ id: z.string().min(1), title: z.string(), description: z.string().optional() }).optional(),
    })
    .optional(),
  button: z.object({ payload: z.string().optional(), text: z.string() }).optional(),
  unsupported: z.object({ type: z.string().optional() }).optional(),
  errors: z.array(z.object({ code: z.number().optional(), title: z.string().optional() })).optional(),
});
export type WhatsAppMessage = z.infer<typeof WhatsAppMessage>;

export const WhatsAppStatus = z.object({
  id: z.string().min(1),
  status: z.string().min(1),
  timestamp: z.string().regex(/^[0-9]+$/),
  recipient_id: z.string().optional(),
  recipient_user_id: z.string().optional(),
  biz_opaque_callback_data: z.string().optional(),
  errors: z.array(z.object({ code: z.number().optional(), title: z.string().optional(), message: z.string().optional() })).optional(),
});
export type WhatsAppStatus = z.infer<typeof WhatsAppStatus>;

/** A change's envelope; its lists are checked item by item. */
export const WhatsAppChangeValue = z.object({
  messaging_product: z.literal('whatsapp'),
  metadata: z.object({ display_phone_number: z.string().optional(), phone_number_id: z.string().min(1) }),
  contacts: z.array(z.unknown()).optional(),
  messages: z.array(z.unknown()).optional(),
  statuses: z.array(z.unknown()).optional(),
});

export const WhatsAppWebhookBody = z.object({
  object: z.literal('whatsapp_business_account'),
  entry: z.array(
    z.object({
      id: z.string(),
      changes: z.array(z.object({ field: z.string(), value: z.unknown() })),
    }),
  ),
});
export type WhatsAppWebhookBody = z.infer<typeof WhatsAppWebhookBody>;
