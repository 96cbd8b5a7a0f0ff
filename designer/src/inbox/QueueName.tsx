import { useInbox } from './useInbox.ts';
import { queueLabel } from './queueLabel.ts';
import { Bdi } from '../i18n/Bdi.tsx';

/**
 * A queue as agents and supervisors read it: its display name, its name (`billing_fr`) on hover; the name alone when it has none.
 * Isolated (`<bdi>`): a name stored before Griot refused direction controls does not reorder the text beside it.
 */
export function QueueName({ queue }: { queue: string }) {
  const label = useQueueLabel(queue);
  return (
    <span className="queue-label" data-queue-name={queue} title={label === queue ? undefined : queue}>
      <Bdi>{label}</Bdi>
    </span>
  );
}

/** The queue's display name from its settings, else its name; follows the settings live. */
export function useQueueLabel(queue: string): string {
  return useInbox((s) => queueLabel(queue, s.settings[queue]));
}
