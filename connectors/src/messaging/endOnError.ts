import type { Channel as ChannelId } from '@griot/flows';
import type { MessagingConversations } from './MessagingConversations.ts';
import type { ConversationPort } from '../channel/ConversationPort.ts';
import type { ChannelLogger } from '../channel/ChannelLogger.ts';
import { logKeyOf } from '../channel/logDigest.ts';

/**
 * A turn failed on its last attempt and the subscriber was told of a technical problem: the
 * contact ends on the error (`reason: 'error'`, cause `internalError`, or `storeUnavailable` when the store failed, in the transcript's last
 * entry, an error in analytics) rather than staying open until it expires, and the log line
 * names it by its digest. A store that is down cannot record that: said in the log, never thrown.
 */
export async function endOnError(
  conversations: Pick<ConversationPort, 'end'> & { storeFailed?: MessagingConversations['storeFailed'] },
  key: string,
  logger: ChannelLogger,
  cause: 'internalError' | 'storeUnavailable' = 'internalError',
  channel?: ChannelId,
): Promise<void> {
  await conversations.end(key, 'error', { cause }).catch((failure: unknown) => {
    if (channel && conversations.storeFailed?.(failure, channel, { session: logKeyOf(key) }, 'a contact could not be recorded as ended on an error')) return;
    logger.error({ session: logKeyOf(key), err: failure }, 'the contact could not be recorded as ended on an error');
  });
}
