import type { ChannelLogger } from '../channel/ChannelLogger.ts';
import { logKeyOf } from '../channel/logDigest.ts';
import type { MessagingLedger } from '../messaging/ledger.ts';

/** What a delivery receipt says of a part: the ledger's status, the SMSC's state word and error code. */
export interface PartReceipt {
  status: string;
  stat: string;
  error?: string;
  /** The SMSC's id of the part. */
  messageId: string;
}

/**
 * What a part's receipt changes on the outbound record of the reply it belongs to (`outboundKey`):
 * a failure says so there (and in the log, by the reply's digest), a submit whose answer was lost
 * is confirmed sent. Called when the receipt comes, or, for a receipt the SMSC sent before Griot
 * had recorded which reply the part is of, once it has.
 */
export async function receiptOnReply(deps: { ledger: MessagingLedger; logger: ChannelLogger }, outboundKey: string, receipt: PartReceipt, at: string): Promise<void> {
  const { ledger, logger } = deps;
  const outbound = await ledger.getOutbound(outboundKey);
  if (!outbound) return;
  if (receipt.status === 'failed') {
    // The reply's key begins with the subscriber's SMS's, which holds their number.
    logger.warn({ key: logKeyOf(outbound.key), stat: receipt.stat, error: receipt.error }, 'the SMSC reports an SMS undelivered');
    await ledger.putOutbound({
      ...outbound,
      state: outbound.state === 'uncertain' ? 'sent' : outbound.state,
      error: `not delivered: ${receipt.stat}${receipt.error ? ` (err ${receipt.error})` : ''}`,
      updatedAt: at,
    });
  } else if (outbound.state === 'uncertain') {
    // A submit whose answer was lost, confirmed by its receipt: it went.
    await ledger.putOutbound({ ...outbound, state: 'sent', platformId: receipt.messageId, updatedAt: at });
  }
}
