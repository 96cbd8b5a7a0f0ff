import type { Reply } from '@griot/flows';
import type { PlannedMessage } from './graphMessages.ts';

/**
 * Channel-neutral replies → WhatsApp Graph message bodies. The replies were already planned
 * within WhatsApp's limits (`renderReplies` with the WhatsApp row of `channelCapabilities`), so this is a plain
 * mapping; button and row ids are the flow's option ids, which come back as `button_reply.id` /
 * `list_reply.id` and become `choice` events. A recorded prompt becomes a recording of `flowId`
 * to upload (`WhatsAppSender`): Graph gets the file, never a link to Griot.
 */
export function toWhatsAppMessages(replies: readonly Reply[], flowId = ''): PlannedMessage[] {
  return replies.map((reply): PlannedMessage => {
    switch (reply.type) {
      case 'text':
        return { type: 'text', text: { body: reply.text, preview_url: false } };
      case 'audio':
        return { type: 'recording', recording: { flowId, name: reply.name } };
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
