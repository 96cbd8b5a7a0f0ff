import type { Channel } from '@griot/flows';
import type { TurnOutput } from '../conversations/types.ts';

/** The conversation a reply goes to. */
export interface ReplyTarget {
  sessionKey: string;
  channel: Channel;
  callerNumber: string;
  locale: string;
}

/**
 * How agents' words, and the bot's turn after an agent hands back, reach a messaging channel.
 * The messaging connectors implement it (render the turn as they render any other turn).
 */
export interface AgentReplySender {
  sendAgentText(to: ReplyTarget, text: string, agent: string): Promise<void>;
  /** The flow's turn after the agent released the contact (e.g. the satisfaction question). */
  sendBotTurn(to: ReplyTarget, turn: TurnOutput): Promise<void>;
  /**
   * Opens a conversation carried over from another channel (a voice caller answered on
   * WhatsApp): outside the channel's 24-hour window its approved template goes instead.
   */
  openConversation?(to: ReplyTarget, text: string, causeId: string): Promise<void>;
  /** Whether a conversation opened now would reach the subscriber (WhatsApp: the 24-hour window, or a template). */
  canReach?(to: Pick<ReplyTarget, 'sessionKey'>): Promise<boolean>;
}
