import { BarChart } from '@mantine/charts';
import { useTranslation } from 'react-i18next';
import { ChartFigure } from './ChartFigure.tsx';
import { useFigureFormat } from './figureFormat.ts';
import type { Bucket, BucketSize } from './timeBuckets.ts';

/** Contacts started per hour (per day over long periods). */
export function ContactsChart({ buckets, size }: { buckets: Bucket[]; size: BucketSize }) {
  const { t } = useTranslation();
  const format = useFigureFormat();
  const label = (b: Bucket) => (size === 'hour' ? format.hour(b.start) : format.day(b.start));
  const data = buckets.map((b) => ({ at: label(b), contacts: b.contacts }));
  const busiest = buckets.reduce<Bucket | null>((best, b) => (b.contacts > (best?.contacts ?? 0) ? b : best), null);
  const total = buckets.reduce((n, b) => n + b.contacts, 0);
  const title = t(`analytics.charts.contacts.${size}`);
  const summary = busiest ? t('analytics.charts.contacts.summary', { n: format.count(total), count: total, at: label(busiest), peak: format.count(busiest.contacts) }) : t('analytics.charts.empty');
  return (
    <ChartFigure
      id="contacts"
      title={title}
      summary={summary}
      table={{ columns: [t(`analytics.charts.${size}`), t('analytics.kpi.contacts')], rows: buckets.filter((b) => b.contacts > 0).map((b) => [label(b), format.count(b.contacts)]) }}
    >
      <BarChart
        h={220}
        data={data}
        dataKey="at"
        series={[{ name: 'contacts', label: t('analytics.kpi.contacts'), color: 'indigo.6' }]}
        valueFormatter={format.count}
        tickLine="y"
        gridAxis="y"
        xAxisProps={{ minTickGap: 24 }}
        yAxisProps={{ allowDecimals: false }}
        tooltipAnimationDuration={0}
        barProps={{ isAnimationActive: false }}
      />
    </ChartFigure>
  );
}
