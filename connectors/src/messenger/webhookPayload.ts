import { z } from 'zod';

/**
 * The Messenger Platform webhook body, as Meta documents it (Webhooks reference: `messages`,
 * `messaging_postbacks`, `message_echoes`, `message_deliveries`, `message_reads`…). Objects are
 * not strict: Meta adds fields over time, and an unknown field must not make a valid event
 * unreadable. The entries' `messaging` lists are read event by event (`parseWebhook`): one
 * unreadable event never spoils the others.
 */

/** A page-scoped id (PSID) or a Page id: digits. A PSID is not a phone number, whatever it looks like. */
export const MESSENGER_ID = /^[0-9]{1,32}$/;

/** Unix time in milliseconds (Meta's) or seconds (some examples), as a number or a string of digits. */
const Timestamp = z.union([z.number().int().nonnegative(), z.string().regex(/^[0-9]{1,16}$/)]);

/**
 * How the person entered the conversation (`referral`): an m.me link's `ref`
 * (`m.me/<page>?ref=offre-noel`), a Messenger code, an ad. `ref` is read loosely: a value that is
 * not a string spoils nothing, it is only not a source (`parseWebhook`).
 */
const Referral = z.object({ ref: z.unknown().optional(), source: z.string().optional(), type: z.string().optional() });

export const MessengerEvent = z.object({
  sender: z.object({ id: z.string().optional(), user_ref: z.string().optional() }).optional(),
  recipient: z.object({ id: z.string().optional() }).optional(),
  timestamp: Timestamp.optional(),
  message: z
    .object({
      mid: z.string().min(1).max(512).optional(),
      text: z.string().optional(),
      /** A message the Page itself sent (Griot's own replies, or an agent's from Meta's inbox). */
      is_echo: z.boolean().optional(),
      quick_reply: z.object({ payload: z.string() }).optional(),
      attachments: z.array(z.object({ type: z.string().optional() })).optional(),
      sticker_id: z.union([z.number(), z.string()]).optional(),
    })
    .optional(),
  postback: z
    .object({
      /** Present since Graph API v8; absent in older webhooks (the event is then identified by a hash). */
      mid: z.string().min(1).max(512).optional(),
      title: z.string().optional(),
      payload: z.string().optional(),
      /** With Get Started, in a new conversation opened from an m.me link, a code or an ad. */
      referral: Referral.optional(),
    })
    .optional(),
  /** `messaging_referrals`: a person who already has a conversation with the Page followed an m.me link, a code or an ad to it. */
  referral: Referral.optional(),
});
export type MessengerEvent = z.infer<typeof MessengerEvent>;

export const MessengerWebhookBody = z.object({
  object: z.literal('page'),
  entry: z.array(
    z.object({
      /** The Page id. */
      id: z.string(),
      time: Timestamp.optional(),
      messaging: z.array(z.unknown()).optional(),
    }),
  ),
});
export type MessengerWebhookBody = z.infer<typeof MessengerWebhookBody>;

/** Milliseconds since the epoch for a Messenger timestamp (Meta sends milliseconds; seconds are recognised by their size). */
export function timestampMs(value: number | string): number {
  const n = Number(value);
  return n < 100_000_000_000 ? n * 1000 : n;
}
