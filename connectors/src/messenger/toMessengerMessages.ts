import type { Reply } from '@griot/flows';
import type { MessengerMessage } from './sendApi.ts';

/**
 * Channel-neutral replies → Send API messages. The replies were planned within Messenger's
 * limits (`renderReplies` over the Messenger row of `channelCapabilities`), so this is a plain
 * mapping: a menu becomes quick replies on its body's text, their payloads the flow's option ids,
 * which come back as `quick_reply.payload` and become `choice` events. (The row has no list: a
 * list would only come from another channel's row, and is shown the same way.)
 */
export function toMessengerMessages(replies: readonly Reply[]): MessengerMessage[] {
  return replies.map((reply): MessengerMessage => {
    switch (reply.type) {
      case 'text':
        return { text: reply.text };
      case 'audio':
        return { attachment: { type: 'audio', payload: { url: reply.url, is_reusable: true } } };
      case 'choice':
        return {
          text: reply.body,
          quick_replies: reply.options.map((o) => ({ content_type: 'text', title: o.label.trim(), payload: o.id })),
        };
    }
  });
}
