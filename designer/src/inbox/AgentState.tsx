import { Badge, Text } from '@mantine/core';
import type { QueueAgent } from '@griot/flows';
import { useTranslation } from 'react-i18next';
import { limitDuration, secondsSince, stateDuration } from './stateDuration.ts';

const STATE_COLOR: Record<QueueAgent['state'], string> = { available: 'teal', paused: 'orange', offline: 'gray' };

/**
 * An agent's state as a supervisor reads it: « En pause (Formation) » and « depuis 12 min », and
 * « dépasse 1 h 30 » in red once a pause runs past its reason's limit (counted here by the
 * second, on the server's clock, between two reads of the view). `withReason` false: « En pause »
 * without why, for a screen the whole room reads (the wallboard): the reason is the agent's and
 * their supervisor's business (an operator may list « Médical », « Motif personnel »).
 */
export function AgentState({ agent, now, withReason = true }: { agent: QueueAgent; now: number; withReason?: boolean }) {
  const { t } = useTranslation();
  const seconds = secondsSince(agent.since, now);
  const tooLong = agent.state === 'paused' && agent.pauseLimitMinutes !== undefined && (agent.pauseTooLong || seconds > agent.pauseLimitMinutes * 60);
  return (
    <>
      <Badge size="sm" variant="light" color={STATE_COLOR[agent.state]} data-reason={withReason ? agent.reason : undefined}>
        {agent.state === 'paused' && agent.reason && withReason ? t('supervision.presence.pausedBecause', { reason: agent.reason }) : t(`supervision.presence.${agent.state}`)}
      </Badge>
      {agent.state !== 'offline' && agent.since && (
        <Text size="xs" c={tooLong ? 'red.8' : 'dimmed'} fw={tooLong ? 700 : undefined} data-since>
          {t('supervision.presence.since', { duration: stateDuration(seconds) })}
        </Text>
      )}
      {tooLong && agent.pauseLimitMinutes !== undefined && (
        <Badge size="sm" color="red" variant="filled" data-pause-too-long title={t('supervision.presence.tooLongHelp', { limit: limitDuration(agent.pauseLimitMinutes) })}>
          {t('supervision.presence.tooLong', { limit: limitDuration(agent.pauseLimitMinutes) })}
        </Badge>
      )}
    </>
  );
}
