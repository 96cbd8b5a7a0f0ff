import { useId } from 'react';
import { Button, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { contactPath, navigate } from '../app/router.ts';
import { inboxSync } from './inboxSync.ts';
import { ContactRow } from './ContactRow.tsx';
import { QueueCounts } from './QueueCounts.tsx';
import { useInbox } from './useInbox.ts';

const NONE: string[] = [];

/** A queue: its counts, "take next", and its open contacts in service order. */
export function QueueSection({ queue }: { queue: string }) {
  const { t } = useTranslation();
  const headingId = useId();
  const ids = useInbox((s) => s.queues[queue] ?? NONE);
  const anyWaiting = useInbox((s) => (s.queues[queue] ?? NONE).some((id) => s.contacts[id]?.status === 'waiting'));
  const takeNext = async () => {
    const taken = await inboxSync.takeNext(queue);
    if (taken) navigate(contactPath(taken));
  };
  return (
    <section className="queue" data-queue={queue} aria-labelledby={headingId}>
      <Group justify="space-between" gap="xs" wrap="nowrap">
        <h3 id={headingId} className="queue-name">
          {queue}
        </h3>
        <Button size="compact-xs" variant="default" disabled={!anyWaiting} aria-label={t('inbox.takeNextIn', { queue })} onClick={() => void takeNext()}>
          {t('inbox.takeNext')}
        </Button>
      </Group>
      <QueueCounts queue={queue} />
      {ids.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('inbox.nobodyWaiting')}
        </Text>
      ) : (
        <ul className="contacts" aria-labelledby={headingId}>
          {ids.map((id) => (
            <li key={id}>
              <ContactRow id={id} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
