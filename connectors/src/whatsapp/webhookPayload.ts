import { z } from 'zod';

/**
 * The WhatsApp Cloud API webhook body, as Meta documents it (Webhooks reference: messages,
 * interactive, button, status, unsupported). Objects are not strict: Meta adds fields over
 * time, and an unknown field must not make a valid message unreadable.
 */

const Contact = z.object({
  wa_id: z.string().min(1).max(32),
  profile: z.object({ name: z.string().max(256).optional() }).optional(),
});

const Context = z.object({ from: z.string().optional(), id: z.string().optional() });

export const WhatsAppMessage = z.object({
  from: z.string().min(1).max(32),
  id: z.string().min(1).max(512),
  timestamp: z.string().regex(/^[0-9]+$/),
  type: z.string().min(1).max(64),
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
  biz_opaque_callback_data: z.string().optional(),
  errors: z.array(z.object({ code: z.number().optional(), title: z.string().optional(), message: z.string().optional() })).optional(),
});
export type WhatsAppStatus = z.infer<typeof WhatsAppStatus>;

export const WhatsAppChangeValue = z.object({
  messaging_product: z.literal('whatsapp'),
  metadata: z.object({ display_phone_number: z.string().optional(), phone_number_id: z.string().min(1) }),
  contacts: z.array(Contact).optional(),
  messages: z.array(WhatsAppMessage).optional(),
  statuses: z.array(WhatsAppStatus).optional(),
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
