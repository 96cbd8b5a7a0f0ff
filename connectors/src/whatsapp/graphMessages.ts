/** Message bodies of the Graph API `POST /<phone_number_id>/messages`, without the envelope. */
export type GraphMessageContent =
  | { type: 'text'; text: { body: string; preview_url?: boolean } }
  /** A recording uploaded to Graph (`POST /<phone_number_id>/media`) is named by its media id. */
  | { type: 'audio'; audio: { id: string } | { link: string } }
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
 * A recorded prompt in a turn's planned replies: the flow's file, uploaded to Graph (or its
 * cached media id used) only when it is about to go, so a reply planned before a media id
 * expired still finds the recording.
 */
export interface PlannedRecording {
  type: 'recording';
  recording: { flowId: string; name: string };
}

/** What a turn plans to send: Graph message bodies, and recordings to upload first. */
export type PlannedMessage = GraphMessageContent | PlannedRecording;

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
