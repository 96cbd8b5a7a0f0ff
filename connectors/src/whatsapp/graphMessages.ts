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

/** The full request body: the envelope Meta requires around the content. */
export type GraphMessageRequest = GraphMessageContent & {
  messaging_product: 'whatsapp';
  recipient_type: 'individual';
  to: string;
  /** Echoed back in status webhooks: Griot puts the outbound idempotency key there. */
  biz_opaque_callback_data?: string;
};
