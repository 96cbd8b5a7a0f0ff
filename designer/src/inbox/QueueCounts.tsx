import { useTranslation } from 'react-i18next';
import { formatWait, queueFigures } from './queueFigures.ts';
import { useServerNow } from './serverClock.ts';
import { useInbox } from './useInbox.ts';

/** "2 waiting · longest wait 1:05", ticking. */
export function QueueCounts({ queue }: { queue: string }) {
  const { t } = useTranslation();
  const ids = useInbox((s) => s.queues[queue]);
  const contacts = useInbox((s) => s.contacts);
  const now = useServerNow();
  const { waiting, longestWaitSeconds } = queueFigures(
    (ids ?? []).flatMap((id) => contacts[id] ?? []),
    [],
    queue,
    now,
  );
  return (
    <p className="queue-counts">
      {t('inbox.waitingCount', { count: waiting })} · {t('inbox.longest', { wait: formatWait(longestWaitSeconds) })}
    </p>
  );
}
