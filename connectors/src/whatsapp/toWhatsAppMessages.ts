import type { Reply } from '@griot/flows';
import type { GraphMessageContent } from './graphMessages.ts';

/**
 * Channel-neutral replies → WhatsApp Graph message bodies. The replies were already planned
 * within WhatsApp's limits (`renderReplies` with the WhatsApp row of `channelCapabilities`), so this is a plain
 * mapping; button and row ids are the flow's option ids, which come back as `button_reply.id` /
 * `list_reply.id` and become `choice` events.
 */
export function toWhatsAppMessages(replies: readonly Reply[]): GraphMessageContent[] {
  return replies.map((reply): GraphMessageContent => {
    switch (reply.type) {
      case 'text':
        return { type: 'text', text: { body: reply.text, preview_url: false } };
      case 'audio':
        return { type: 'audio', audio: { link: reply.url } };
      case 'choice':
        if (reply.presentation === 'buttons') {
          return {
            type: 'interactive',
            interactive: {
              type: 'button',
              body: { text: reply.body },
              action: { buttons: reply.options.map((o) => ({ type: 'reply', reply: { id: o.id, title: o.label.trim() } })) },
            },
          };
        }
        return {
          type: 'interactive',
          interactive: {
            type: 'list',
            body: { text: reply.body },
            action: { button: reply.listButtonLabel, sections: [{ rows: reply.options.map((o) => ({ id: o.id, title: o.label.trim() })) }] },
          },
        };
    }
  });
}
