import type { Reply } from '@griot/flows';

/** A reply activity as plain JSON; the adapter fills conversation, from, recipient, replyToId. */
export interface ReplyActivity {
  type: 'message';
  text?: string;
  textFormat?: 'plain';
  inputHint?: 'acceptingInput' | 'expectingInput';
  attachments?: { contentType: string; contentUrl: string; name: string }[];
  suggestedActions?: { to: string[]; actions: { type: 'imBack'; title: string; value: string }[] };
}

const AUDIO_TYPES: Record<string, string> = { mp3: 'audio/mpeg', wav: 'audio/wav', ogg: 'audio/ogg', opus: 'audio/ogg', m4a: 'audio/mp4', aac: 'audio/aac' };

/**
 * Channel-neutral replies → Bot Framework message activities. A menu becomes suggested
 * actions of type `imBack` whose value is the option's label: Teams accepts only `imBack` there,
 * and the label typed back is matched by the flow like any typed answer. `to: []` is required by
 * the Agents SDK 1.8.1 (its schema rejects suggested actions without it).
 */
export function toActivities(replies: readonly Reply[]): ReplyActivity[] {
  return replies.map((reply): ReplyActivity => {
    switch (reply.type) {
      case 'text':
        return { type: 'message', text: reply.text, textFormat: 'plain' };
      case 'audio': {
        const extension = reply.name.split('.').pop()?.toLowerCase() ?? '';
        return {
          type: 'message',
          attachments: [{ contentType: AUDIO_TYPES[extension] ?? 'audio/mpeg', contentUrl: reply.url, name: reply.name.split('/').pop() ?? reply.name }],
        };
      }
      case 'choice':
        return {
          type: 'message',
          text: reply.body,
          textFormat: 'plain',
          inputHint: 'expectingInput',
          suggestedActions: { to: [], actions: reply.options.map((o) => ({ type: 'imBack', title: o.label, value: o.label })) },
        };
    }
  });
}
