import { Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatWait, queueFigures } from './queueFigures.ts';
import { QueueName } from './QueueName.tsx';
import { useServerNow } from './serverClock.ts';
import { useInbox } from './useInbox.ts';

/** Per queue: waiting, longest wait, agents busy, callbacks pending — from the live inbox state, ticking with the clock. */
export function SupervisorBoard() {
  const { t } = useTranslation();
  const names = useInbox((s) => s.queueNames);
  const queues = useInbox((s) => s.queues);
  const contacts = useInbox((s) => s.contacts);
  const callbacks = useInbox((s) => s.callbacks);
  const now = useServerNow();
  if (names.length === 0) return <Text c="dimmed">{t('supervision.noQueue')}</Text>;
  return (
    <Table className="supervisor-board" aria-labelledby="supervision-title" striped withRowBorders>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">{t('supervision.queue')}</Table.Th>
          <Table.Th scope="col">{t('supervision.waiting')}</Table.Th>
          <Table.Th scope="col">{t('supervision.longest')}</Table.Th>
          <Table.Th scope="col">{t('supervision.busy')}</Table.Th>
          <Table.Th scope="col">{t('supervision.callbacksPending')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {names.map((queue) => {
          const figures = queueFigures(
            (queues[queue] ?? []).flatMap((id) => contacts[id] ?? []),
            callbacks,
            queue,
            now,
          );
          return (
            <Table.Tr key={queue} data-queue={queue}>
              <Table.Th scope="row">
                <QueueName queue={queue} />
              </Table.Th>
              <Table.Td>{figures.waiting}</Table.Td>
              <Table.Td>{formatWait(figures.longestWaitSeconds)}</Table.Td>
              <Table.Td>{figures.agentsBusy.length ? t('supervision.busyList', { count: figures.agentsBusy.length, agents: figures.agentsBusy.join(', ') }) : '0'}</Table.Td>
              <Table.Td>{figures.callbacksPending}</Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}
