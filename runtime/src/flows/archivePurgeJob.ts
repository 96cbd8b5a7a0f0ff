import type { Logger } from '../logger.ts';
import type { FlowRecord } from '../store/types.ts';

/**
 * Purges flows archived longer than GRIOT_ARCHIVE_DAYS now and then every `intervalMs` (an hour
 * by default), as the caller-data retention job does (callers/purgeExpired.ts). The timer does
 * not keep the process alive; a failure is logged and retried at the next tick.
 */
export function startArchivePurgeJob(options: {
  purge: (now: Date) => Promise<FlowRecord[]>;
  logger: Logger;
  clock: () => Date;
  intervalMs?: number;
}): { stop: () => void; runOnce: () => Promise<FlowRecord[] | null> } {
  const runOnce = async (): Promise<FlowRecord[] | null> => {
    try {
      const purged = await options.purge(options.clock());
      if (purged.length > 0) options.logger.info({ event: 'archive.purge', flows: purged.map((f) => f.id) }, 'purged archived flows');
      return purged;
    } catch (error) {
      options.logger.error({ event: 'archive.purgeFailed', err: { message: (error as Error).message } }, 'purging archived flows failed');
      return null;
    }
  };
  const timer = setInterval(() => void runOnce(), options.intervalMs ?? 60 * 60 * 1000);
  timer.unref();
  void runOnce();
  return { stop: () => clearInterval(timer), runOnce };
}
