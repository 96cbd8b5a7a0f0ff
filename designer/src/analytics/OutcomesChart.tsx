import { BarChart } from '@mantine/charts';
import { useTranslation } from 'react-i18next';
import { OUTCOMES } from './outcomeColors.ts';
import { ChartFigure } from './ChartFigure.tsx';
import { useFigureFormat } from './figureFormat.ts';
import { OUTCOME_COLORS } from './outcomeColors.ts';
import type { Bucket, BucketSize } from './timeBuckets.ts';

/** How contacts ended, hour by hour (day by day over long periods), stacked. */
export function OutcomesChart({ buckets, size }: { buckets: Bucket[]; size: BucketSize }) {
  const { t } = useTranslation();
  const format = useFigureFormat();
  const label = (b: Bucket) => (size === 'hour' ? format.hour(b.start) : format.day(b.start));
  const shown = OUTCOMES.filter((o) => buckets.some((b) => b.outcomes[o] > 0));
  const data = buckets.map((b) => ({ at: label(b), ...b.outcomes }));
  const totals = shown.map((o) => `${t(`analytics.outcomes.${o}`)} ${format.count(buckets.reduce((n, b) => n + b.outcomes[o], 0))}`);
  return (
    <ChartFigure
      id="outcomes"
      title={t('analytics.charts.outcomes.title')}
      summary={shown.length ? t('analytics.charts.outcomes.summary', { totals: totals.join(', ') }) : t('analytics.charts.empty')}
      table={{
        columns: [t(`analytics.charts.${size}`), ...shown.map((o) => t(`analytics.outcomes.${o}`))],
        rows: buckets.filter((b) => b.contacts > 0).map((b) => [label(b), ...shown.map((o) => format.count(b.outcomes[o]))]),
      }}
    >
      <BarChart
        h={220}
        data={data}
        dataKey="at"
        type="stacked"
        series={shown.map((o) => ({ name: o, label: t(`analytics.outcomes.${o}`), color: OUTCOME_COLORS[o] }))}
        valueFormatter={format.count}
        withLegend
        legendProps={{ verticalAlign: 'bottom', height: 40 }}
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
