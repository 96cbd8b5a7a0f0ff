/** Message bodies of the Graph API `POST /<phone_number_id>/messages`, without the envelope. */
export type GraphMessageContent =
  | { type: 'text'; text: { body: string; preview_url?: boolean } }
  | { type: 'audio'; audio: { link: string } }
  | {
      type: 'interactive';
      interactive: {
        type: 'button';
        body: { text: string };
        action: { buttons: { type: 'reply'; reply: { id: string; title: string } }[] };
      };
    }
  | {
      type: 'interactive';
      interactive: {
        type: 'list';
        body: { text: string };
        action: { button: string; sections: { title?: string; rows: { id: string; title: string; description?: string }[] }[] };
      };
    }
  | { type: 'template'; template: { name: string; language: { code: string }; components?: unknown[] } };

/**
 * Who a message goes to: a phone number (`wa_id`) in `to`; a subscriber who hides their number
 * is addressed by their business-scoped user id in `recipient` (Graph takes a user id put in
 * `to` for a number, answers 200, and delivers nothing).
 */
export type GraphAddress = { to: string; recipient?: never } | { recipient: string; to?: never };

/** The full request body: the envelope Meta requires around the content. */
export type GraphMessageRequest = GraphMessageContent &
  GraphAddress & {
    messaging_product: 'whatsapp';
    recipient_type: 'individual';
    /** Echoed back in status webhooks: Griot puts the outbound idempotency key there. */
    biz_opaque_callback_data?: string;
  };

/** `to` for a `wa_id` (digits), `recipient` for anything else (a user id). */
export function graphAddressOf(subscriber: string): GraphAddress {
  return /^\+?[0-9]+$/.test(subscriber) ? { to: subscriber.replace(/^\+/, '') } : { recipient: subscriber };
}
