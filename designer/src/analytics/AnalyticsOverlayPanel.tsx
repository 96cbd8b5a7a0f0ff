import { memo } from 'react';
import { ActionIcon, Alert, Button, Group, Loader, Paper, Popover, Stack, Switch, Text, UnstyledButton } from '@mantine/core';
import { IconAdjustmentsHorizontal, IconChartBar } from '@tabler/icons-react';
import { Panel } from '@xyflow/react';
import { useTranslation } from 'react-i18next';
import { canvasStore } from '../canvas/canvasStore.ts';
import { useDocument } from '../store/documentStore.ts';
import { useFlowId } from '../store/selectors.ts';
import { analyticsStore, useAnalytics } from './analyticsStore.ts';
import { useFlowAnalytics } from './analyticsLoader.ts';
import { AnalyticsFiltersBar } from './AnalyticsFiltersBar.tsx';
import { useFigureFormat } from './figureFormat.ts';

/**
 * On the canvas, top right: the switch of the traffic overlay and, while it is on, the period and
 * filters, how to read it, and the worst nodes (a click shows one).
 */
export const AnalyticsOverlayPanel = memo(function AnalyticsOverlayPanel() {
  const { t } = useTranslation();
  const format = useFigureFormat();
  const flowId = useFlowId();
  const overlay = useAnalytics((s) => s.overlay);
  const report = useAnalytics((s) => s.report);
  const worst = useAnalytics((s) => s.traffic?.worst);
  const loading = useAnalytics((s) => s.loading);
  const error = useAnalytics((s) => s.error);
  const period = useAnalytics((s) => s.filters.period);
  const labels = useDocument((s) => s.doc?.nodes);
  useFlowAnalytics(flowId, overlay);
  const labelOf = (id: string) => labels?.find((n) => n.id === id)?.label || id;
  return (
    <Panel position="top-right">
      <Paper shadow="xs" radius="md" p={6} withBorder className="analytics-overlay-panel" data-overlay={overlay ? 'on' : 'off'}>
        <Group gap={6} wrap="nowrap" justify="space-between">
          <Switch
            size="xs"
            label={t('analytics.overlay.toggle')}
            checked={overlay}
            onChange={(e) => analyticsStore.getState().setOverlay(e.currentTarget.checked)}
            data-action="toggle-analytics-overlay"
          />
          {overlay && (
            <Group gap={2} wrap="nowrap">
              {loading && <Loader size={14} aria-label={t('analytics.loading')} />}
              <Popover position="bottom-end" shadow="md" width={260} withinPortal>
                <Popover.Target>
                  <ActionIcon variant="subtle" size="sm" aria-label={t('analytics.filters.title')} data-action="analytics-filters">
                    <IconAdjustmentsHorizontal size={16} />
                  </ActionIcon>
                </Popover.Target>
                <Popover.Dropdown>
                  <AnalyticsFiltersBar vertical />
                </Popover.Dropdown>
              </Popover>
              <ActionIcon variant="subtle" size="sm" aria-label={t('analytics.overlay.dashboard')} onClick={() => canvasStore.getState().setView('analytics')}>
                <IconChartBar size={16} />
              </ActionIcon>
            </Group>
          )}
        </Group>
        {overlay && (
          <Stack gap={6} mt={6} w={290}>
            {error && (
              <Alert color="red" p={6} title={t('analytics.loadFailed')}>
                {error}
              </Alert>
            )}
            {report && (
              <Text size="xs" data-overlay-contacts={report.contacts}>
                {t('analytics.overlay.contacts', { count: report.contacts, n: format.count(report.contacts), period: t(`analytics.periods.${period}`).toLowerCase() })}
              </Text>
            )}
            <Text size="xs" c="dimmed">
              {t('analytics.overlay.legend')}
            </Text>
            {worst && worst.length > 0 && (
              <div>
                <Text size="xs" fw={600} id="analytics-worst-title">
                  {t('analytics.overlay.worst')}
                </Text>
                <ol className="worst-nodes" aria-labelledby="analytics-worst-title">
                  {worst.map((w) => (
                    <li key={w.node}>
                      <UnstyledButton className="worst-node" data-worst-node={w.node} onClick={() => canvasStore.getState().focusNode(w.node)}>
                        <span className="worst-node-name">{labelOf(w.node)}</span>
                        <span className={`worst-node-rate ${w.reason}`}>
                          {t(`analytics.overlay.worstReason.${w.reason}`, { rate: format.percent(w.rate), count: w.count, n: format.count(w.count), visits: format.count(w.visits) })}
                        </span>
                      </UnstyledButton>
                    </li>
                  ))}
                </ol>
              </div>
            )}
            {report && report.contacts > 0 && (!worst || worst.length === 0) && (
              <Text size="xs" c="dimmed">
                {t('analytics.overlay.noWorst')}
              </Text>
            )}
            <Button size="compact-xs" variant="light" onClick={() => canvasStore.getState().setView('analytics')}>
              {t('analytics.overlay.dashboard')}
            </Button>
          </Stack>
        )}
      </Paper>
    </Panel>
  );
});
