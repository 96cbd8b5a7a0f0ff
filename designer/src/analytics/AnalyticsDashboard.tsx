import { useMemo } from 'react';
import { ActionIcon, Alert, Group, Loader, SimpleGrid, Stack, Text, Title, Tooltip } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import '@mantine/charts/styles.css';
import './analytics.css';
import { useDocument } from '../store/documentStore.ts';
import { useFlowId } from '../store/selectors.ts';
import { useAnalytics } from './analyticsStore.ts';
import { loadFlowAnalytics, useFlowAnalytics } from './analyticsLoader.ts';
import { AnalyticsFiltersBar } from './AnalyticsFiltersBar.tsx';
import { CsvMenu } from './CsvMenu.tsx';
import { KpiCards } from './KpiCards.tsx';
import { ContactsChart } from './ContactsChart.tsx';
import { OutcomesChart } from './OutcomesChart.tsx';
import { ContainmentChart } from './ContainmentChart.tsx';
import { CsatChart } from './CsatChart.tsx';
import { DropOffNodes } from './DropOffNodes.tsx';
import { LookupFailures, type LookupNode } from './LookupFailures.tsx';
import { VersionsSideBySide } from './VersionsSideBySide.tsx';
import { useFigureFormat } from './figureFormat.ts';
import { bucketSeries, bucketSize } from './timeBuckets.ts';
import { periodEndShown } from './analyticsFilters.ts';

/** Contacts and outcomes by hour up to a week, by day beyond; containment by hour up to two days (an hour's share is noisy). */
const HOURLY_CONTACTS_UP_TO = 7 * 24;
const HOURLY_CONTAINMENT_UP_TO = 48;

/**
 * The flow's dashboard (the editor's third view): the figures of the period and filters chosen,
 * charts with their tables, the worst drop-off nodes (a click shows one on the canvas), two
 * versions side by side, and CSV downloads. Loaded on demand: the editor does not carry the
 * charts library until someone opens it.
 */
export default function AnalyticsDashboard() {
  const { t } = useTranslation();
  const format = useFigureFormat();
  const flowId = useFlowId();
  const name = useDocument((s) => s.doc?.name ?? flowId);
  const nodes = useDocument((s) => s.doc?.nodes);
  const report = useAnalytics((s) => s.report);
  const loading = useAnalytics((s) => s.loading);
  const error = useAnalytics((s) => s.error);
  const loadedAt = useAnalytics((s) => s.loadedAt);
  useFlowAnalytics(flowId, true);
  const labelOf = useMemo(() => {
    const labels = new Map((nodes ?? []).map((n) => [n.id, n.label || n.id]));
    return (id: string) => labels.get(id) ?? id;
  }, [nodes]);
  const lookupNodes = useMemo(
    () => (nodes ?? []).flatMap((n): LookupNode[] => (n.type === 'http' ? [{ id: n.id, label: n.label || n.id, ...(n.backend ? { backend: n.backend } : {}) }] : [])),
    [nodes],
  );
  const contactsSize = report ? bucketSize(report.period, HOURLY_CONTACTS_UP_TO) : 'hour';
  const containmentSize = report ? bucketSize(report.period, HOURLY_CONTAINMENT_UP_TO) : 'hour';
  const contactBuckets = useMemo(() => (report ? bucketSeries(report.series, report.period, contactsSize) : []), [report, contactsSize]);
  const containmentBuckets = useMemo(() => (report ? bucketSeries(report.series, report.period, containmentSize) : []), [report, containmentSize]);

  return (
    <div className="analytics-view" data-loading={loading || undefined}>
      <Stack gap="md" p="md" maw={1500} mx="auto">
        <Group justify="space-between" align="flex-end" wrap="wrap" gap="sm">
          <div>
            <Title order={2} size="h3" id="analytics-title">
              {t('analytics.title', { name })}
            </Title>
            {report && (
              <Text size="xs" c="dimmed" data-period>
                {t('analytics.periodCovered', { from: format.dateTime(new Date(report.period.from)), to: format.dateTime(periodEndShown(report.period.to, loadedAt)) })}
                {loadedAt ? ` · ${t('analytics.readAt', { at: format.dateTime(new Date(loadedAt)) })}` : ''}
              </Text>
            )}
          </div>
          <Group gap="xs" align="flex-end">
            <AnalyticsFiltersBar />
            <Tooltip label={t('analytics.refresh')}>
              <ActionIcon variant="default" size="lg" onClick={() => void loadFlowAnalytics(flowId, true)} aria-label={t('analytics.refresh')} loading={loading}>
                <IconRefresh size={16} />
              </ActionIcon>
            </Tooltip>
            <CsvMenu flowId={flowId} />
          </Group>
        </Group>
        {error && (
          <Alert color="red" title={t('analytics.loadFailed')}>
            {error}
          </Alert>
        )}
        {!report && loading && <Loader aria-label={t('analytics.loading')} />}
        {report && (
          <>
            {report.contacts === 0 && <Alert color="gray">{t('analytics.noContacts')}</Alert>}
            <KpiCards report={report} />
            <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
              <ContactsChart buckets={contactBuckets} size={contactsSize} />
              <OutcomesChart buckets={contactBuckets} size={contactsSize} />
              <ContainmentChart buckets={containmentBuckets} size={containmentSize} overall={report.containment} />
              <CsatChart versions={report.versions} overall={report.csat} byAgent={report.csat.byAgent} />
              <DropOffNodes nodes={report.nodes} labelOf={labelOf} />
              {lookupNodes.length > 0 && <LookupFailures nodes={lookupNodes} figures={report.nodes} lookups={report.lookups} />}
              <VersionsSideBySide versions={report.versions} />
            </SimpleGrid>
          </>
        )}
      </Stack>
    </div>
  );
}
