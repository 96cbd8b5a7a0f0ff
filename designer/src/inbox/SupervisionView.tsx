import { Paper, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { SupervisorBoard } from './SupervisorBoard.tsx';
import { QueueSettingsPanel } from './QueueSettingsPanel.tsx';
import { CannedRepliesPanel } from './CannedRepliesPanel.tsx';
import { Wallboard } from './wallboard/Wallboard.tsx';
import { OperatorSystems } from './OperatorSystems.tsx';

/**
 * The supervisor's board: how the operator's systems answer look-ups, the wallboard (each queue now and since midnight), each queue live
 * (waiting, longest wait, agents busy, callbacks pending), then the queues' settings and the
 * canned replies agents insert.
 */
export function SupervisionView() {
  const { t } = useTranslation();
  return (
    <div className="supervision">
      <div className="supervision-head">
        <Title order={2} id="supervision-title">
          {t('supervision.title')}
        </Title>
        <Text c="dimmed" size="sm" mb="md">
          {t('supervision.subtitle')}
        </Text>
      </div>
      <Paper withBorder radius="md" p="md" mb="lg">
        <OperatorSystems />
      </Paper>
      <Paper withBorder radius="md" p="md" mb="lg">
        <Wallboard />
      </Paper>
      <Paper withBorder radius="md" p="md" mb="lg">
        <SupervisorBoard />
      </Paper>
      <Paper withBorder radius="md" p="md">
        <Title order={3} size="h4" mb="sm" id="queue-settings-title">
          {t('supervision.settings')}
        </Title>
        <QueueSettingsPanel />
      </Paper>
      <Paper withBorder radius="md" p="md" mt="lg">
        <Title order={3} size="h4" mb="sm" id="canned-replies-title">
          {t('supervision.canned.title')}
        </Title>
        <CannedRepliesPanel />
      </Paper>
    </div>
  );
}
