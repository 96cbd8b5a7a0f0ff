import type { ConversationPort } from '@griot/connectors';
import { storeFailureCause } from '../api/storeUnavailable.ts';
import type { GriotMetrics } from '../metrics/GriotMetrics.ts';

/**
 * The engine as channels see it, telling them which failures are the store's (a full disk, a
 * read-only file, MongoDB gone: `storeFailureCause`, the code the 503s of the API log too) and
 * counting each in `griot_store_failures_total{channel,cause}`, so a channel logs one line a
 * minute per cause rather than a stack per subscriber, and an alert can fire on the count.
 */
export function storeFailuresCounted(port: ConversationPort, metrics: Pick<GriotMetrics, 'storeFailure'>): ConversationPort {
  return {
    start: (input) => port.start(input),
    handle: (key, event, options) => port.handle(key, event, options),
    awaitPending: (key, maxWaitMs) => port.awaitPending(key, maxWaitMs),
    end: (key, reason, options) => port.end(key, reason, options),
    ...(port.endsQuietly ? { endsQuietly: port.endsQuietly.bind(port) } : {}),
    ...(port.keepWaiting ? { keepWaiting: port.keepWaiting.bind(port) } : {}),
    ...(port.waitsForAgent ? { waitsForAgent: port.waitsForAgent.bind(port) } : {}),
    ...(port.rememberedLocale ? { rememberedLocale: port.rememberedLocale.bind(port) } : {}),
    storeFailure: (error, channel) => {
      const cause = storeFailureCause(error);
      if (cause) metrics.storeFailure({ channel, cause });
      return cause;
    },
  };
}
