import { webchatVisitorDigest } from '@griot/connectors';
import { agentDigest } from '../handoff/contactForAgents.ts';

/**
 * An inbox record's conversation key and message id as administrators read them. A web chat
 * visitor's conversation id is their only credential (whoever has it writes as them, reads the
 * agent's answers), and a first message's id gives it too: the key (`webchat:<binding>:<id>`)
 * ends with `#` and the digest transcripts and the agents' inbox show for that visitor, the
 * message id with its own digest. Other channels' keys name a subscriber the platform vouches for,
 * not a secret: they stay.
 */
export function inboundForReaders(record: { channel: string; id: string; conversationKey: string }): { id: string; conversationKey: string } {
  const prefix = 'webchat:';
  if (record.channel !== 'webchat' || !record.conversationKey.startsWith(prefix)) return { id: record.id, conversationKey: record.conversationKey };
  const separator = record.conversationKey.indexOf(':', prefix.length);
  const binding = record.conversationKey.slice(prefix.length, separator);
  const conversationId = record.conversationKey.slice(separator + 1);
  const visitor = webchatVisitorDigest(conversationId);
  const conversationKey = `${prefix}${binding}:${visitor}`;
  const messageId = record.id.startsWith(`${record.conversationKey}:`) ? record.id.slice(record.conversationKey.length + 1) : record.id;
  return { id: `${conversationKey}:${agentDigest(messageId)}`, conversationKey };
}
