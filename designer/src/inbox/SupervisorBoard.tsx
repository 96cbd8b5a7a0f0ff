import { useEffect, useState } from 'react';
import { Table, Text } from '@mantine/core';
import { api, READ_DEADLINE_MS } from '../api/client.ts';
import { useTranslation } from 'react-i18next';
import { formatWait, queueFigures } from './queueFigures.ts';
import { QueueName } from './QueueName.tsx';
import { useServerNow } from './serverClock.ts';
import { useInbox } from './useInbox.ts';

/**
 * Agents whose account an admin disabled while they held a contact, per queue (GET
 * /api/agent/supervisor): nobody answers for them, so they are not counted busy. Read again as
 * the inbox changes.
 */
function useDisabledAgents(): Record<string, string[]> {
  const contacts = useInbox((s) => s.contacts);
  const [disabled, setDisabled] = useState<Record<string, string[]>>({});
  useEffect(() => {
    let cancelled = false;
    const timer = setTimeout(() => {
      api<Array<{ queue: string; agentsDisabled?: string[] }>>('/api/agent/supervisor', { deadlineMs: READ_DEADLINE_MS }).then(
        (rows) => !cancelled && setDisabled(Object.fromEntries(rows.map((r) => [r.queue, r.agentsDisabled ?? []]))),
        () => {},
      );
    }, 300);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [contacts]);
  return disabled;
}

/** Per queue: waiting, longest wait, agents busy, callbacks pending — from the live inbox state, ticking with the clock. */
export function SupervisorBoard() {
  const { t } = useTranslation();
  const names = useInbox((s) => s.queueNames);
  const queues = useInbox((s) => s.queues);
  const contacts = useInbox((s) => s.contacts);
  const callbacks = useInbox((s) => s.callbacks);
  const now = useServerNow();
  const disabled = useDisabledAgents();
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
          const busy = figures.agentsBusy.filter((agent) => !disabled[queue]?.includes(agent));
          return (
            <Table.Tr key={queue} data-queue={queue}>
              <Table.Th scope="row">
                <QueueName queue={queue} />
              </Table.Th>
              <Table.Td>{figures.waiting}</Table.Td>
              <Table.Td>{formatWait(figures.longestWaitSeconds)}</Table.Td>
              <Table.Td data-agents-busy={busy.join(',')}>{busy.length ? t('supervision.busyList', { count: busy.length, agents: busy.join(', ') }) : '0'}</Table.Td>
              <Table.Td>{figures.callbacksPending}</Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}
