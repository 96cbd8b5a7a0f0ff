import { Group, Paper, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFigureFormat } from '../../analytics/figureFormat.ts';
import { waitWithUnits } from '../queueFigures.ts';
import { QueueName } from '../QueueName.tsx';
import type { WallboardRow } from './wallboardRows.ts';
import type { SupervisorRow } from '../../api/agentApi.ts';
import { AgentState } from '../AgentState.tsx';
import { useServerNow } from '../serverClock.ts';

/** A service level at or above this is on target (green), below the second is a problem (red). */
const SERVICE_LEVEL_TARGET = 0.8;
const SERVICE_LEVEL_WARNING = 0.6;

const pausedOf = (agents: SupervisorRow) => agents.agents.filter((agent) => agent.state === 'paused').length;

function levelOf(serviceLevel: number | null): 'good' | 'warn' | 'bad' | 'none' {
  if (serviceLevel === null) return 'none';
  return serviceLevel >= SERVICE_LEVEL_TARGET ? 'good' : serviceLevel >= SERVICE_LEVEL_WARNING ? 'warn' : 'bad';
}

/** One queue on the wallboard: now (waiting, longest wait, callbacks to make) and the period chosen (today by default). */
export function QueueTile({
  row,
  agents,
  serviceLevelSeconds,
  periodLabel,
}: {
  row: WallboardRow;
  /** Who is there on this queue (absent until read). */
  agents?: SupervisorRow | undefined;
  serviceLevelSeconds: number | null;
  periodLabel?: string;
}) {
  const { t } = useTranslation();
  const format = useFigureFormat();
  const now = useServerNow();
  // Who is on a pause and for how long (a pause running long in red): the room sees who is missing, not why (the supervisor's board says).
  const paused = agents?.agents.filter((agent) => agent.state === 'paused') ?? [];
  const id = `wallboard-${row.queue.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  const figure = (kpi: string, label: string, value: string, extra?: { note?: string; tone?: string }) => (
    <div className={`kpi${extra?.tone ? ` ${extra.tone}` : ''}`} data-kpi={kpi}>
      <dt>
        {label}
        {extra?.note && <span className="kpi-note"> ({extra.note})</span>}
      </dt>
      <dd>{value}</dd>
    </div>
  );
  return (
    <Paper component="section" withBorder radius="md" p="sm" className="queue-tile" data-wallboard-queue={row.queue} aria-labelledby={id}>
      <Text component="h4" fw={700} size="lg" m={0} mb={6} id={id}>
        <QueueName queue={row.queue} />
      </Text>
      <Text size="xs" c="dimmed" fw={600} tt="uppercase">
        {t('wallboard.live')}
      </Text>
      <dl className="kpis live">
        {figure('waiting', t('wallboard.waiting'), format.count(row.waiting), { tone: row.waiting > 0 ? 'busy' : '' })}
        {figure('longest', t('wallboard.longest'), waitWithUnits(row.longestWaitSeconds))}
        {figure('callbacksPending', t('wallboard.callbacksPending'), format.count(row.callbacksPending))}
        {agents &&
          figure('available', t('wallboard.available'), format.count(agents.agentsAvailable), {
            tone: agents.noAgentAvailable ? 'bad' : '',
            ...(pausedOf(agents) > 0 ? { note: t('wallboard.agentsNote', { paused: format.count(pausedOf(agents)) }) } : {}),
          })}
      </dl>
      {paused.length > 0 && (
        <ul className="paused-agents" aria-label={t('wallboard.pausedAgents')}>
          {paused.map((agent) => (
            <li key={agent.username} data-paused-agent={agent.username}>
              <Group gap={6} wrap="wrap">
                <Text size="sm" fw={500}>
                  {agent.username}
                </Text>
                <AgentState agent={agent} now={now} withReason={false} />
              </Group>
            </li>
          ))}
        </ul>
      )}
      {agents?.noAgentAvailable && (
        <Text className="no-agent-available" c="red" fw={700} size="sm" mt={4} role="status" data-no-agent-available>
          {t('wallboard.noneAvailable')}
        </Text>
      )}
      <Text size="xs" c="dimmed" fw={600} tt="uppercase" mt={6}>
        {periodLabel ?? t('wallboard.today')}
      </Text>
      <dl className="kpis today">
        {figure('offered', t('wallboard.offered'), format.count(row.offered))}
        {figure('answered', t('wallboard.answered'), format.count(row.answered))}
        {figure('abandoned', t('wallboard.abandoned'), format.count(row.abandoned), { tone: row.abandoned > 0 ? 'bad' : '' })}
        {figure('serviceLevel', t('wallboard.serviceLevel'), format.percent(row.serviceLevel), {
          tone: `level-${levelOf(row.serviceLevel)}`,
          ...(serviceLevelSeconds !== null ? { note: t('wallboard.serviceLevelHelp', { seconds: serviceLevelSeconds }) } : {}),
        })}
        {figure('averageWait', t('wallboard.averageWait'), row.averageWaitSeconds === null ? '—' : waitWithUnits(row.averageWaitSeconds))}
      </dl>
    </Paper>
  );
}
