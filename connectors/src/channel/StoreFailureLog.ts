import type { Channel as ChannelId } from '@griot/flows';
import type { ChannelLogger } from './ChannelLogger.ts';
import type { ConversationPort } from './ConversationPort.ts';
import { RefusalLog } from './refusalLog.ts';

/**
 * A channel's turns that failed because the store did (a full disk, a read-only file, MongoDB
 * gone): the subscriber gets the channel's apology as for any failure, but the log says the
 * store's cause code (`SQLITE_FULL`) at most once a minute per code, with a count of the others,
 * never a stack trace per request nor a subscriber's words or number; every one is counted in the
 * host's metrics (`griot_store_failures_total`) for an alert. Any other error is not this log's.
 */
export class StoreFailureLog {
  private readonly lines: RefusalLog;

  constructor(
    private readonly port: Pick<ConversationPort, 'storeFailure'>,
    private readonly channel: ChannelId,
    logger: ChannelLogger,
  ) {
    this.lines = new RefusalLog(logger);
  }

  /**
   * The store's cause code when `error` is the store failing (logged as said above, `details`
   * naming the contact by its call sid or digest), else undefined: the caller logs the bug.
   */
  failed(error: unknown, details: object, message: string): string | undefined {
    const cause = this.port.storeFailure?.(error, this.channel);
    if (!cause) return undefined;
    this.lines.refused(this.channel, cause, { cause: 'storeUnavailable', ...details }, `${message}: the store failed (${cause})`, 'error');
    return cause;
  }
}
