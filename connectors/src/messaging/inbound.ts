import type { Channel, FlowEvent } from '@griot/flows';

/**
 * One message from a subscriber, channel-neutral: what every channel's parser produces and the
 * conversation driver consumes.
 */
export interface InboundMessage {
  channel: Channel;
  /** The channel address written to: WhatsApp phone number id, bot id, web chat binding id. */
  address: string;
  /** The sender as the channel names them (WhatsApp `wa_id`, Bot Framework user id…). */
  from: string;
  /**
   * The conversation within the channel, unique across addresses: `<phone_number_id>:<wa_id>`
   * on WhatsApp, the Bot Framework conversation id, the web chat id. The session key is
   * `<channel>:<conversation>`.
   */
  conversation: string;
  /** The sender's phone number when the channel gives one (WhatsApp), for the caller profile. */
  phoneNumber?: string;
  /**
   * The sender's own number, shared with this message and vouched for by the platform (a
   * Telegram contact card of their own account): on a channel that knows subscribers by a
   * platform id, their profile is linked to it (see `ConversationPort`).
   */
  sharedNumber?: string;
  /**
   * The name the subscriber gave their account on the platform (WhatsApp `contacts[].profile.name`), for the agents'
   * inbox: account data, never logged, kept with the conversation only while it lives (docs/channels.md).
   */
  senderName?: string;
  /** Unique per channel: used to process a re-delivered message once. */
  messageId: string;
  /** When the subscriber sent it (ISO 8601). */
  sentAt: string;
  content: InboundContent;
}

export type InboundContent =
  /** Something the flow can read: text, a button or list choice. */
  | { kind: 'event'; event: FlowEvent }
  /** A picture, voice note, location… the flow cannot read: answered with a polite prompt. */
  | { kind: 'unsupported'; type: string }
  /** The subscriber opened the conversation (a chat window, a bot added): greet them if no contact is under way. */
  | { kind: 'open' }
  /**
   * The subscriber asked to begin again (Telegram's `/start`, its « Restart bot »): a new contact
   * from the flow's start, the one under way ended; with an agent, their words (`text`) go to the agent
   * (none for a link followed without a word, Messenger's `messaging_referrals`: the agent is left alone).
   * `source`: where the subscriber came from (a deep link's payload, a Messenger `ref`, checked: see
   * `ContactSource`); `opening`: the transcript's first input for it, in the channel's own words,
   * built from the checked `source` only (`/start offre-noel`, `m.me/?ref=offre-noel`).
   */
  | { kind: 'restart'; text?: string; source?: string; opening?: string }
  /** Reactions, system notices: nothing to answer. */
  | { kind: 'ignored'; type: string };
