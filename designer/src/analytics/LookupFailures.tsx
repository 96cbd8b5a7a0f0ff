import { Anchor, Paper, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { LookupFigures, NodeFigures } from '@griot/flows';
import { canvasStore } from '../canvas/canvasStore.ts';
import { analyticsStore } from './analyticsStore.ts';
import { useFigureFormat, type FigureFormat } from './figureFormat.ts';

/** An `http` node of the flow: its id, label and the named backend it asks (none: an address of its own). */
export interface LookupNode {
  id: string;
  label: string;
  backend?: string;
}

/** A look-up's time in the unit a reader takes in at a glance: « 120 ms », « 3,5 s ». */
function lookupTime(format: FigureFormat, ms: number): string {
  return ms < 1000 ? `${format.count(Math.round(ms))} ms` : `${format.decimal(ms / 1000, 1)} s`;
}

/**
 * How the flow's look-ups to the operator's systems went over the period and filters chosen: per
 * `http` node (the PUK, the balance…), how many were asked, answered, not found, and failed (the
 * `error` and `timeout` branches: what the caller heard as « service momentanément
 * indisponible »), then each backend's response times. The supervisor's live line says « now »;
 * this says « this week, by day and channel » beside the drop-offs those failures cause.
 */
export function LookupFailures({ nodes, figures, lookups }: { nodes: LookupNode[]; figures: NodeFigures[]; lookups: LookupFigures[] }) {
  const { t } = useTranslation();
  const format = useFigureFormat();
  const byNode = new Map(figures.map((f) => [f.node, f]));
  const rows = nodes.map((node) => {
    const exits = byNode.get(node.id)?.exits ?? {};
    const exit = (output: string) => (Object.hasOwn(exits, output) ? (exits[output] ?? 0) : 0);
    const ok = exit('ok');
    const notFound = exit('notFound');
    const failed = exit('error') + exit('timeout');
    return { node, asked: ok + notFound + failed, ok, notFound, failed };
  });
  const backends = [...new Set(lookups.map((l) => l.backend))].map((backend) => {
    const mine = lookups.filter((l) => l.backend === backend);
    const count = mine.reduce((n, l) => n + l.count, 0);
    const average = count ? mine.reduce((n, l) => n + l.averageMs * l.count, 0) / count : 0;
    return { backend, count, average, max: Math.max(...mine.map((l) => l.maxMs)) };
  });
  const show = (id: string) => {
    analyticsStore.getState().setOverlay(true);
    canvasStore.getState().focusNode(id);
  };
  return (
    <Paper component="section" withBorder radius="md" p="sm" m={0} className="chart-figure" data-chart="lookups" aria-labelledby="lookups-title">
      <Text fw={600} size="sm" id="lookups-title" mb={4}>
        {t('analytics.lookups.title')}
      </Text>
      {rows.every((r) => r.asked === 0) ? (
        <Text size="sm" c="dimmed">
          {t('analytics.lookups.none')}
        </Text>
      ) : (
        <Table striped fz="xs" className="lookups-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('analytics.lookups.node')}</Table.Th>
              <Table.Th scope="col">{t('analytics.lookups.asked')}</Table.Th>
              <Table.Th scope="col">{t('analytics.lookups.ok')}</Table.Th>
              <Table.Th scope="col">{t('analytics.lookups.notFound')}</Table.Th>
              <Table.Th scope="col">{t('analytics.lookups.failed')}</Table.Th>
              <Table.Th scope="col">{t('analytics.lookups.failedRate')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr key={r.node.id} data-lookup-node={r.node.id}>
                <Table.Th scope="row" fw={400}>
                  <Anchor component="button" type="button" size="xs" ta="left" onClick={() => show(r.node.id)} title={t('analytics.nodes.showOnCanvas')}>
                    {r.node.label}
                  </Anchor>
                  {r.node.backend && (
                    <Text span size="xs" c="dimmed">
                      {' '}
                      · {r.node.backend}
                    </Text>
                  )}
                </Table.Th>
                <Table.Td data-figure="asked">{format.count(r.asked)}</Table.Td>
                <Table.Td data-figure="ok">{format.count(r.ok)}</Table.Td>
                <Table.Td data-figure="notFound">{format.count(r.notFound)}</Table.Td>
                <Table.Td data-figure="failed" c={r.failed > 0 ? 'red.8' : undefined} fw={r.failed > 0 ? 600 : undefined}>
                  {format.count(r.failed)}
                </Table.Td>
                <Table.Td data-figure="failedRate">{format.percent(r.asked ? r.failed / r.asked : null)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {backends.map((b) => (
        <Text key={b.backend} size="xs" c="dimmed" mt={6} data-lookup-backend={b.backend}>
          {t('analytics.lookups.times', { count: b.count, backend: b.backend, n: format.count(b.count), average: lookupTime(format, b.average), max: lookupTime(format, b.max) })}
        </Text>
      ))}
    </Paper>
  );
}
