/**
 * Bodies of the Send API (`POST /<version>/me/messages`), as Meta's reference gives them: the
 * part Griot fills per message (`MessengerMessage`) and the envelope around it.
 */

/** A quick reply: a button above the composer; pressing it sends its title as text, with its payload. */
export interface QuickReply {
  content_type: 'text';
  /** ≤ 20 characters. */
  title: string;
  /** ≤ 1,000 characters: the flow's option id. */
  payload: string;
}

export type MessengerMessage = { text: string; quick_replies?: QuickReply[] } | { attachment: { type: 'audio'; payload: { url: string; is_reusable?: boolean } } };

/**
 * Why a message may go: `RESPONSE` within the 24-hour standard window (an answer to what the
 * subscriber wrote, an agent's reply), `MESSAGE_TAG` with `HUMAN_AGENT` after it (an agent's
 * reply, within 7 days). `UPDATE` (a message nobody asked for) is never Griot's.
 */
export type MessagingType = { messaging_type: 'RESPONSE' } | { messaging_type: 'MESSAGE_TAG'; tag: 'HUMAN_AGENT' };

export type SendRequest = MessagingType & {
  recipient: { id: string };
  message: MessengerMessage;
};
