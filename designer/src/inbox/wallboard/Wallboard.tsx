import { Alert, Group, SimpleGrid, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFigureFormat } from '../../analytics/figureFormat.ts';
import { useServerNow } from '../serverClock.ts';
import { useInbox } from '../useInbox.ts';
import { QueueTile } from './QueueTile.tsx';
import { useTodayQueueFigures } from './useTodayQueueFigures.ts';
import { wallboardRows } from './wallboardRows.ts';
import './wallboard.css';

/**
 * The supervisor's wallboard: one tile per queue with who is waiting now (live, ticking) and how
 * the day has gone since local midnight (offered, answered, abandoned, service level, average
 * wait), read again as contacts come and go.
 */
export function Wallboard() {
  const { t } = useTranslation();
  const format = useFigureFormat();
  const today = useTodayQueueFigures();
  const queueNames = useInbox((s) => s.queueNames);
  const queues = useInbox((s) => s.queues);
  const contacts = useInbox((s) => s.contacts);
  const callbacks = useInbox((s) => s.callbacks);
  const now = useServerNow();
  const rows = wallboardRows({ queueNames, queues, contacts, callbacks }, today.report, now);
  return (
    <section className="wallboard" aria-labelledby="wallboard-title">
      <Group justify="space-between" align="baseline" mb="xs">
        <Title order={3} size="h4" id="wallboard-title">
          {t('wallboard.title')}
        </Title>
        {today.readAt && (
          <Text size="xs" c="dimmed" data-wallboard-read-at={today.readAt}>
            {t('wallboard.since', { at: format.time(new Date(today.readAt)) })}
          </Text>
        )}
      </Group>
      {today.error && (
        <Alert color="orange" mb="sm" p="xs">
          {t('wallboard.loadFailed', { message: today.error })}
        </Alert>
      )}
      {rows.length === 0 ? (
        <Text c="dimmed">{t('supervision.noQueue')}</Text>
      ) : (
        <SimpleGrid cols={{ base: 1, sm: 2, xl: 3 }} spacing="sm">
          {rows.map((row) => (
            <QueueTile key={row.queue} row={row} serviceLevelSeconds={today.report?.serviceLevelSeconds ?? null} />
          ))}
        </SimpleGrid>
      )}
    </section>
  );
}
