/**
 * How agents' words, and the bot's turn after an agent hands back, reach a channel: the
 * channel's own `replies` (connectors' `ChannelReplies`), registered per channel when the
 * channels are mounted (`runtime/src/channels/mountChannels.ts`).
 */
export type { ChannelReplies as AgentReplySender, ReplyTarget } from '@griot/connectors';
