import { BarChart } from '@mantine/charts';
import { useTranslation } from 'react-i18next';
import type { CsatFigures, VersionFigures } from '@griot/flows';
import { ChartFigure } from './ChartFigure.tsx';
import { useFigureFormat } from './figureFormat.ts';
import { versionLabel } from './versionLabel.ts';

/** The satisfaction survey's average per flow version, on the surveys' scale. */
export function CsatChart({ versions, overall }: { versions: VersionFigures[]; overall: CsatFigures }) {
  const { t } = useTranslation();
  const format = useFigureFormat();
  const scale = overall.scale ?? 5;
  const answered = versions.filter((v) => v.csat.answered > 0);
  const data = answered.map((v) => ({ version: versionLabel(t, v.version), average: v.csat.average ?? 0 }));
  const summary = answered.length
    ? answered
        .map((v) =>
          t('analytics.charts.csat.versionSummary', { version: versionLabel(t, v.version), average: format.decimal(v.csat.average), scale, count: v.csat.answered, n: format.count(v.csat.answered) }),
        )
        .join(' ; ')
    : t('analytics.charts.csat.none');
  return (
    <ChartFigure
      id="csat"
      title={t('analytics.charts.csat.title')}
      summary={summary}
      table={{
        columns: [t('analytics.version'), t('analytics.csat.average'), t('analytics.csat.answered'), t('analytics.csat.satisfied'), t('analytics.csat.responseRate')],
        rows: versions.map((v) => [
          versionLabel(t, v.version),
          v.csat.average === null ? '—' : `${format.decimal(v.csat.average)} / ${v.csat.scale ?? scale}`,
          format.count(v.csat.answered),
          format.percent(v.csat.satisfied),
          format.percent(v.csat.responseRate),
        ]),
      }}
    >
      <BarChart
        h={220}
        data={data}
        dataKey="version"
        series={[{ name: 'average', label: t('analytics.csat.average'), color: 'yellow.6' }]}
        valueFormatter={(v) => format.decimal(v)}
        yAxisProps={{ domain: [0, scale], ticks: Array.from({ length: scale + 1 }, (_, i) => i) }}
        withBarValueLabel
        maxBarWidth={60}
        tickLine="y"
        gridAxis="y"
        tooltipAnimationDuration={0}
        barProps={{ isAnimationActive: false }}
      />
    </ChartFigure>
  );
}
