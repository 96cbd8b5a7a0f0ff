import { BarChart } from '@mantine/charts';
import { Anchor, Paper, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { canvasStore } from '../canvas/canvasStore.ts';
import { analyticsStore } from './analyticsStore.ts';
import type { NodeFigures } from '@griot/flows';
import { useFigureFormat } from './figureFormat.ts';

const TOP = 8;

/**
 * The nodes where most callers gave up, with the share of those who got there: a bar chart and
 * the same figures as a table whose rows open the node on the canvas with the overlay on.
 */
export function DropOffNodes({ nodes, labelOf }: { nodes: NodeFigures[]; labelOf(id: string): string }) {
  const { t } = useTranslation();
  const format = useFigureFormat();
  const top = nodes
    .filter((n) => n.dropOffs > 0)
    .sort((a, b) => b.dropOffs - a.dropOffs || b.dropOffs / b.visits - a.dropOffs / a.visits || a.node.localeCompare(b.node))
    .slice(0, TOP);
  const show = (id: string) => {
    analyticsStore.getState().setOverlay(true);
    canvasStore.getState().focusNode(id);
  };
  return (
    <Paper component="figure" withBorder radius="md" p="sm" m={0} className="chart-figure" data-chart="dropOffs" aria-labelledby="dropOffs-title">
      <Text component="figcaption" fw={600} size="sm" id="dropOffs-title" mb={4}>
        {t('analytics.charts.dropOffs.title')}
      </Text>
      {top.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('analytics.charts.dropOffs.none')}
        </Text>
      ) : (
        <>
          {/* The table below says the same: the chart is for the eye. */}
          <div aria-hidden="true" className="chart-body">
            <BarChart
              h={Math.max(120, top.length * 34)}
              data={top.map((n) => ({ node: labelOf(n.node), dropOffs: n.dropOffs }))}
              dataKey="node"
              orientation="vertical"
              series={[{ name: 'dropOffs', label: t('analytics.nodes.dropOffs'), color: 'red.6' }]}
              valueFormatter={format.count}
              yAxisProps={{ width: 150 }}
              xAxisProps={{ allowDecimals: false }}
              gridAxis="x"
              tooltipAnimationDuration={0}
              barProps={{ isAnimationActive: false }}
            />
          </div>
          <Table striped fz="xs" mt="xs" className="drop-off-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('analytics.nodes.node')}</Table.Th>
                <Table.Th scope="col">{t('analytics.nodes.visits')}</Table.Th>
                <Table.Th scope="col">{t('analytics.nodes.dropOffs')}</Table.Th>
                <Table.Th scope="col">{t('analytics.nodes.dropOffRate')}</Table.Th>
                <Table.Th scope="col">{t('analytics.nodes.noMatch')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {top.map((n) => (
                <Table.Tr key={n.node} data-drop-off-node={n.node}>
                  <Table.Th scope="row" fw={400}>
                    <Anchor component="button" type="button" size="xs" ta="left" onClick={() => show(n.node)} title={t('analytics.nodes.showOnCanvas')}>
                      {labelOf(n.node)}
                    </Anchor>
                  </Table.Th>
                  <Table.Td data-figure="visits">{format.count(n.visits)}</Table.Td>
                  <Table.Td data-figure="dropOffs">{format.count(n.dropOffs)}</Table.Td>
                  <Table.Td data-figure="dropOffRate">{format.percent(n.visits ? n.dropOffs / n.visits : null)}</Table.Td>
                  <Table.Td data-figure="noMatch">{format.count(n.noMatch)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      )}
    </Paper>
  );
}
