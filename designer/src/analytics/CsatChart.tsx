import { BarChart } from '@mantine/charts';
import { Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CsatBreakdown, CsatFigures, VersionFigures } from '@griot/flows';
import { ChartFigure } from './ChartFigure.tsx';
import { useFigureFormat } from './figureFormat.ts';
import { versionLabel } from './versionLabel.ts';

/** The satisfaction survey's average per flow version, on the surveys' scale, and per agent when agents handled contacts (for supervisors and admins). */
export function CsatChart({ versions, overall, byAgent }: { versions: VersionFigures[]; overall: CsatFigures; byAgent?: Array<CsatBreakdown & { agent: string }> }) {
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
      // Only supervisors and admins are given agents' scores: nothing to show anyone else.
      after={byAgent ? <CsatByAgent byAgent={byAgent} scale={scale} /> : undefined}
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

/** Surveys answered after an agent handled the contact: the agent, how many answered and the average, best-answered first. */
function CsatByAgent({ byAgent, scale }: { byAgent: Array<CsatBreakdown & { agent: string }>; scale: number }) {
  const { t } = useTranslation();
  const format = useFigureFormat();
  const answered = byAgent.filter((a) => a.answered > 0).sort((a, b) => b.answered - a.answered || a.agent.localeCompare(b.agent));
  return (
    <div className="csat-by-agent" data-csat-by-agent>
      <Text fw={600} size="xs" mt="sm" mb={4} id="csat-by-agent-title">
        {t('analytics.csat.byAgent')}
      </Text>
      {answered.length === 0 ? (
        <Text size="xs" c="dimmed">
          {t('analytics.csat.noAgent')}
        </Text>
      ) : (
        <Table fz="xs" striped withTableBorder aria-labelledby="csat-by-agent-title">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('analytics.csat.agent')}</Table.Th>
              <Table.Th scope="col">{t('analytics.csat.answered')}</Table.Th>
              <Table.Th scope="col">{t('analytics.csat.average')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {answered.map((a) => (
              <Table.Tr key={a.agent} data-csat-agent={a.agent}>
                <Table.Th scope="row" fw={400}>
                  {a.agent || t('analytics.csat.unknownAgent')}
                </Table.Th>
                <Table.Td>{format.count(a.answered)}</Table.Td>
                <Table.Td>{a.average === null ? '—' : `${format.decimal(a.average)} / ${a.scale ?? scale}`}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </div>
  );
}
