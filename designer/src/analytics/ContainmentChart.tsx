import { LineChart } from '@mantine/charts';
import { useTranslation } from 'react-i18next';
import type { Containment } from '@griot/flows';
import { ChartFigure } from './ChartFigure.tsx';
import { useFigureFormat } from './figureFormat.ts';
import { bucketContainment, type Bucket, type BucketSize } from './timeBuckets.ts';

/**
 * Containment over time, raw (ended in the flow) beside corrected (less the callers who came back
 * within the window): the gap is what the raw figure flatters.
 */
export function ContainmentChart({ buckets, size, overall }: { buckets: Bucket[]; size: BucketSize; overall: Containment }) {
  const { t } = useTranslation();
  const format = useFigureFormat();
  const label = (b: Bucket) => (size === 'hour' ? format.hour(b.start) : format.day(b.start));
  const data = buckets.map((b) => ({ at: label(b), ...bucketContainment(b) }));
  const raw = t('analytics.kpi.containmentRaw');
  const corrected = t('analytics.kpi.containmentCorrected');
  return (
    <ChartFigure
      id="containment"
      title={t(`analytics.charts.containment.${size}`)}
      summary={t('analytics.charts.containment.summary', { raw: format.percent(overall.raw), corrected: format.percent(overall.corrected), hours: overall.windowHours })}
      table={{
        columns: [t(`analytics.charts.${size}`), raw, corrected],
        rows: buckets
          .filter((b) => b.contacts > 0)
          .map((b) => {
            const c = bucketContainment(b);
            return [label(b), format.percent(c.raw), format.percent(c.corrected)];
          }),
      }}
    >
      <LineChart
        h={220}
        data={data}
        dataKey="at"
        series={[
          { name: 'raw', label: raw, color: 'indigo.5' },
          { name: 'corrected', label: corrected, color: 'teal.6' },
        ]}
        connectNulls
        valueFormatter={format.percent}
        yAxisProps={{ domain: [0, 1] }}
        withLegend
        legendProps={{ verticalAlign: 'bottom', height: 40 }}
        tickLine="y"
        gridAxis="y"
        xAxisProps={{ minTickGap: 24 }}
        tooltipAnimationDuration={0}
        lineProps={{ isAnimationActive: false }}
      />
    </ChartFigure>
  );
}
