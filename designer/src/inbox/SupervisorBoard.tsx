import { useEffect, useState } from 'react';
import { Alert, Badge, Button, Group, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { agentApi, type SupervisorRow } from '../api/agentApi.ts';
import { useApiErrorText } from '../admin/useApiErrorText.ts';
import { formatWait, queueFigures } from './queueFigures.ts';
import { QueueName } from './QueueName.tsx';
import { useServerNow } from './serverClock.ts';
import { useInbox } from './useInbox.ts';
import { scheduleRows, usePresence, watchRows } from './presenceStore.ts';
import { AgentState } from './AgentState.tsx';

/** Who is there on one queue: each agent with their state and the contacts they hold here; « Mettre hors ligne » beside those who are not. */
function QueueAgents({ row, onFailed }: { row: SupervisorRow | undefined; onFailed: (text: string) => void }) {
  const { t } = useTranslation();
  const errorText = useApiErrorText();
  const now = useServerNow();
  if (!row) return null;
  const setOffline = (agent: string) =>
    agentApi.setAgentOffline(agent).then(scheduleRows, (error: unknown) => onFailed(t('supervision.presence.setOfflineFailed', { agent, message: errorText(error) })));
  return (
    <div className="queue-agents">
      {row.noAgentAvailable && (
        <Badge color="red" variant="filled" mb={4} data-no-agent-available title={t('supervision.presence.noneAvailableHelp')}>
          {t('supervision.presence.noneAvailable')}
        </Badge>
      )}
      {row.agents.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('supervision.presence.nobody')}
        </Text>
      ) : (
        <ul className="queue-agent-list">
          {row.agents.map((agent) => (
            <li key={agent.username} data-agent={agent.username} data-state={agent.state} data-contacts={agent.contacts}>
              <Group gap={6} wrap="wrap">
                <Text size="sm" fw={500}>
                  {agent.username}
                </Text>
                <AgentState agent={agent} now={now} />
                {agent.contacts > 0 && (
                  <Text size="xs" c="dimmed">
                    {t('supervision.presence.contacts', { count: agent.contacts })}
                  </Text>
                )}
                {agent.state !== 'offline' && (
                  <Button
                    size="compact-xs"
                    variant="subtle"
                    color="gray"
                    data-action="set-offline"
                    aria-label={t('supervision.presence.setOfflineLabel', { agent: agent.username })}
                    title={t('supervision.presence.setOfflineLabel', { agent: agent.username })}
                    onClick={() => void setOffline(agent.username)}
                  >
                    {t('supervision.presence.setOffline')}
                  </Button>
                )}
              </Group>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/**
 * Per queue: waiting, longest wait, agents busy, callbacks pending, who is there (available,
 * paused, offline with contacts) — the figures from the live inbox state, ticking with the clock;
 * who is there from GET /api/agent/supervisor, read again as contacts and agents' states change.
 * Agents whose account an admin disabled while they held a contact are not counted busy: nobody answers for them.
 */
export function SupervisorBoard() {
  const { t } = useTranslation();
  const names = useInbox((s) => s.queueNames);
  const queues = useInbox((s) => s.queues);
  const contacts = useInbox((s) => s.contacts);
  const callbacks = useInbox((s) => s.callbacks);
  const now = useServerNow();
  const rows = usePresence((s) => s.rows);
  const [failed, setFailed] = useState<string | null>(null);
  useEffect(() => watchRows(), []);
  const rowOf = new Map((rows ?? []).map((row) => [row.queue, row]));
  if (names.length === 0) return <Text c="dimmed">{t('supervision.noQueue')}</Text>;
  return (
    <>
      {failed && (
        <Alert color="red" p="xs" mb="xs" withCloseButton onClose={() => setFailed(null)}>
          {failed}
        </Alert>
      )}
      <Table className="supervisor-board" aria-labelledby="supervision-title" striped withRowBorders>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('supervision.queue')}</Table.Th>
            <Table.Th scope="col">{t('supervision.waiting')}</Table.Th>
            <Table.Th scope="col">{t('supervision.longest')}</Table.Th>
            <Table.Th scope="col">{t('supervision.busy')}</Table.Th>
            <Table.Th scope="col">{t('supervision.callbacksPending')}</Table.Th>
            <Table.Th scope="col">{t('supervision.presence.column')}</Table.Th>
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
            const row = rowOf.get(queue);
            const busy = figures.agentsBusy.filter((agent) => !row?.agentsDisabled.includes(agent));
            return (
              <Table.Tr key={queue} data-queue={queue}>
                <Table.Th scope="row">
                  <QueueName queue={queue} />
                </Table.Th>
                <Table.Td>{figures.waiting}</Table.Td>
                <Table.Td>{formatWait(figures.longestWaitSeconds)}</Table.Td>
                <Table.Td data-agents-busy={busy.join(',')}>{busy.length ? t('supervision.busyList', { count: busy.length, agents: busy.join(', ') }) : '0'}</Table.Td>
                <Table.Td>{figures.callbacksPending}</Table.Td>
                <Table.Td data-agents-present>
                  <QueueAgents row={row} onFailed={setFailed} />
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </>
  );
}
