import { memo, useEffect, useRef, useState, type RefObject } from 'react';
import { ActionIcon, Alert, Button, Group, Loader, Paper, Popover, Stack, Switch, Text, UnstyledButton } from '@mantine/core';
import { IconAdjustmentsHorizontal, IconChartBar, IconChevronDown, IconChevronUp } from '@tabler/icons-react';
import { Panel, useReactFlow } from '@xyflow/react';
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
  const [folded, setFolded] = useState(legendFolded);
  const fold = (value: boolean) => {
    setFolded(value);
    rememberLegendFolded(value);
  };
  const card = useRef<HTMLDivElement>(null);
  useKeepClearOfLegend(card, overlay ? worst?.map((w) => w.node) : undefined, folded);
  return (
    <Panel position="top-right">
      <Paper ref={card} shadow="xs" radius="md" p={6} withBorder className="analytics-overlay-panel" data-overlay={overlay ? 'on' : 'off'} data-legend-folded={folded}>
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
              <ActionIcon
                variant="subtle"
                size="sm"
                aria-label={folded ? t('analytics.overlay.unfoldLegend') : t('analytics.overlay.foldLegend')}
                aria-expanded={!folded}
                onClick={() => fold(!folded)}
                data-action="fold-analytics-legend"
              >
                {folded ? <IconChevronDown size={16} /> : <IconChevronUp size={16} />}
              </ActionIcon>
            </Group>
          )}
        </Group>
        {overlay && !folded && (
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

const LEGEND_KEY = 'griot.overlayLegendFolded';

function legendFolded(): boolean {
  try {
    return localStorage.getItem(LEGEND_KEY) === '1';
  } catch {
    return false;
  }
}

function rememberLegendFolded(folded: boolean): void {
  try {
    localStorage.setItem(LEGEND_KEY, folded ? '1' : '0');
  } catch {
    // No storage (private browsing): folded for this visit only.
  }
}

/**
 * The legend floats over the canvas's top right: a node it flags as a weak point must never be
 * under it. When the weak points arrive (or the legend unfolds), the canvas slides so that each
 * one it would hide is clear of the card, by the smaller of a move left or down.
 */
function useKeepClearOfLegend(card: RefObject<HTMLDivElement | null>, flagged: string[] | undefined, folded: boolean): void {
  const flow = useReactFlow();
  const key = flagged?.join('\u0000') ?? '';
  useEffect(() => {
    if (!key) return;
    let frame = requestAnimationFrame(() => {
      frame = requestAnimationFrame(() => {
        const legend = card.current?.getBoundingClientRect();
        const pane = card.current?.closest('.react-flow')?.getBoundingClientRect();
        if (!legend || !pane) return;
        const { x, y, zoom } = flow.getViewport();
        let dx = 0;
        let dy = 0;
        for (const id of key.split('\u0000')) {
          const node = flow.getInternalNode(id);
          if (!node?.measured.width || node.hidden) continue;
          const left = pane.left + x + dx + node.internals.positionAbsolute.x * zoom;
          const top = pane.top + y + dy + node.internals.positionAbsolute.y * zoom;
          const right = left + node.measured.width * zoom;
          const bottom = top + (node.measured.height ?? 0) * zoom;
          // The red ring drawn around a weak node reaches a few pixels outside it.
          const margin = 16;
          if (right + margin <= legend.left || left - margin >= legend.right || bottom + margin <= legend.top || top - margin >= legend.bottom) continue;
          const toLeft = right + margin - legend.left;
          const down = legend.bottom + margin - top;
          if (toLeft <= down) dx -= toLeft;
          else dy += down;
        }
        if (dx !== 0 || dy !== 0) void flow.setViewport({ x: x + dx, y: y + dy, zoom }, { duration: 200 });
      });
    });
    return () => cancelAnimationFrame(frame);
  }, [key, folded, card, flow]);
}
