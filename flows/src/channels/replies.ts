/**
 * What a messaging channel sends, before it is encoded for one channel's wire format. A flow's
 * `say`/`ask` effects become these replies according to the channel's capabilities
 * (`renderReplies`); each channel then encodes them (WhatsApp Graph messages, Bot Framework
 * activities, web chat JSON).
 */

/** One option of a menu as the subscriber sees it. `id` is the flow's option id. */
export interface ReplyOption {
  id: string;
  /** The keypad key of the option, also what typing the option's number means ("2"). */
  key: string;
  label: string;
}

export interface TextReply {
  type: 'text';
  text: string;
}

/** A recorded prompt (a local language without written text), sent by link. */
export interface AudioReply {
  type: 'audio';
  url: string;
  /** Asset name, for transcripts and logs. */
  name: string;
}

/** A menu the channel shows natively: reply buttons or a list. */
export interface ChoiceReply {
  type: 'choice';
  presentation: 'buttons' | 'list';
  body: string;
  options: ReplyOption[];
  /** Label of the button that opens a list ("Choisir"). */
  listButtonLabel: string;
  /** The flow's ask node, for logs. */
  node: string;
}

export type Reply = TextReply | AudioReply | ChoiceReply;
