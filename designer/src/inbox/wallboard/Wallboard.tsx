import { useEffect, useState } from 'react';
import { Alert, Button, Group, Menu, SegmentedControl, Text, Title, Tooltip } from '@mantine/core';
import { IconArrowsMaximize, IconArrowsMinimize, IconChartBar, IconDownload } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { analyticsApi } from '../../analytics/analyticsApi.ts';
import { useFigureFormat } from '../../analytics/figureFormat.ts';
import { flowsApi } from '../../api/flowsApi.ts';
import type { FlowSummary } from '../../api/types.ts';
import { useServerNow } from '../serverClock.ts';
import { useInbox } from '../useInbox.ts';
import { usePresence, watchRows } from '../presenceStore.ts';
import { QueueName } from '../QueueName.tsx';
import { QueueTile } from './QueueTile.tsx';
import { WALLBOARD_PERIODS, wallboardQuery, type WallboardPeriod } from './todayQueueFeed.ts';
import { useTodayQueueFigures } from './useTodayQueueFigures.ts';
import { isIdle, wallboardRows, type WallboardRow } from './wallboardRows.ts';
import { navigate, SUPERVISION_PATH, WALLBOARD_PATH } from '../../app/router.ts';
import './wallboard.css';
import { Bdi } from '../../i18n/Bdi.tsx';

/** The flows a supervisor may open the figures of (the « Statistiques » view of the editor). */
function FlowStatsMenu() {
  const { t } = useTranslation();
  const [flows, setFlows] = useState<FlowSummary[] | null>(null);
  useEffect(() => {
    let cancelled = false;
    flowsApi.list().then(
      (list) => !cancelled && setFlows(list),
      () => !cancelled && setFlows([]),
    );
    return () => {
      cancelled = true;
    };
  }, []);
  if (!flows || flows.length === 0) return null;
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button size="xs" variant="default" leftSection={<IconChartBar size={14} />} data-action="flow-stats">
          {t('wallboard.flowStats')}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        {flows.map((flow) => (
          <Menu.Item key={flow.id} component="a" href={`/flows/${encodeURIComponent(flow.id)}?view=analytics`} data-flow-stats={flow.id}>
            <Bdi>{flow.name || flow.id}</Bdi>
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}

/** Into the wall mode: its own address (a wall screen keeps it open), the browser's full screen when it allows it. */
function enterWallMode(event: React.MouseEvent): void {
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
  event.preventDefault();
  void document.documentElement.requestFullscreen?.().catch(() => undefined);
  void navigate(WALLBOARD_PATH);
}

function leaveWallMode(event: React.MouseEvent): void {
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
  event.preventDefault();
  if (document.fullscreenElement) void document.exitFullscreen?.().catch(() => undefined);
  void navigate(SUPERVISION_PATH);
}

/**
 * The supervisor's wallboard: one tile per queue with who is waiting now (live, ticking) and how
 * the period chosen has gone (since local midnight by default, the last 24 hours, or yesterday:
 * offered, answered, abandoned, service level, average wait), read again as contacts come and go;
 * the same figures as a spreadsheet file, and the way to each flow's dashboard. Busiest queues
 * first; those with nothing at all folded at the end. `wall`: the wall screen's mode (just the
 * tiles, large, today's figures; /agent/wallboard).
 */
export function Wallboard({ wall = false }: { wall?: boolean }) {
  const { t } = useTranslation();
  const format = useFigureFormat();
  const [period, setPeriod] = useState<WallboardPeriod>('today');
  const today = useTodayQueueFigures(period);
  const queueNames = useInbox((s) => s.queueNames);
  const queues = useInbox((s) => s.queues);
  const contacts = useInbox((s) => s.contacts);
  const callbacks = useInbox((s) => s.callbacks);
  const now = useServerNow();
  const rows = wallboardRows({ queueNames, queues, contacts, callbacks }, today.report, now);
  // Who is there per queue (GET /api/agent/supervisor), read again as agents and contacts change.
  const presence = usePresence((s) => s.rows);
  useEffect(() => watchRows(), []);
  const agentsOf = new Map((presence ?? []).map((row) => [row.queue, row]));
  const active = rows.filter((row) => !isIdle(row));
  const idle = rows.filter(isIdle);
  const tiles = (list: WallboardRow[]) => (
    <div className="wallboard-grid">
      {list.map((row) => (
        <QueueTile key={row.queue} row={row} agents={agentsOf.get(row.queue)} serviceLevelSeconds={today.report?.serviceLevelSeconds ?? null} periodLabel={t(`wallboard.periods.${period}`)} />
      ))}
    </div>
  );
  return (
    <section className={`wallboard${wall ? ' wall' : ''}`} aria-labelledby="wallboard-title" data-wallboard-period={period} data-wall={wall || undefined}>
      <Group justify="space-between" align="center" mb="xs" gap="sm">
        <div>
          <Title order={3} size="h4" id="wallboard-title">
            {t(`wallboard.titles.${period}`)}
          </Title>
          {today.readAt && (
            <Text size="xs" c="dimmed" data-wallboard-read-at={today.readAt}>
              {t(`wallboard.periodRead.${period}`, { at: format.time(new Date(today.readAt)) })}
            </Text>
          )}
        </div>
        {wall ? (
          <Button size="xs" variant="subtle" color="gray" component="a" href={SUPERVISION_PATH} onClick={leaveWallMode} leftSection={<IconArrowsMinimize size={14} />} data-action="leave-wall">
            {t('wallboard.leaveWall')}
          </Button>
        ) : (
          <Group gap="xs">
            <SegmentedControl
              size="xs"
              value={period}
              onChange={(value) => setPeriod(value as WallboardPeriod)}
              data={WALLBOARD_PERIODS.map((p) => ({ value: p, label: t(`wallboard.periods.${p}`) }))}
              aria-label={t('wallboard.periodLabel')}
            />
            <Button
              size="xs"
              variant="default"
              component="a"
              href={analyticsApi.queuesCsvUrl(wallboardQuery(period, new Date(now)))}
              download
              leftSection={<IconDownload size={14} />}
              data-action="queues-csv"
            >
              {t('wallboard.csv')}
            </Button>
            <FlowStatsMenu />
            <Tooltip label={t('wallboard.wallModeHelp')}>
              <Button size="xs" variant="default" component="a" href={WALLBOARD_PATH} onClick={enterWallMode} leftSection={<IconArrowsMaximize size={14} />} data-action="wall-mode">
                {t('wallboard.wallMode')}
              </Button>
            </Tooltip>
          </Group>
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
        <>
          {active.length > 0 && tiles(active)}
          {idle.length > 0 &&
            (wall ? (
              <Text className="wallboard-idle" c="dimmed" mt="sm" data-idle-queues={idle.length}>
                {t('wallboard.idleList')}
                {idle.map((row, i) => (
                  <span key={row.queue}>
                    {i > 0 && ', '}
                    <QueueName queue={row.queue} />
                  </span>
                ))}
              </Text>
            ) : (
              <details className="wallboard-idle" data-idle-queues={idle.length} open={active.length === 0 || undefined}>
                <summary>{t('wallboard.idle', { count: idle.length })}</summary>
                {tiles(idle)}
              </details>
            ))}
        </>
      )}
    </section>
  );
}
