import { Paper, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Flow, MergeConflict } from '@griot/flows';
import { nodeName, readableField } from './readableField.ts';

const short = (value: unknown, deleted: string): string => {
  if (value === undefined) return deleted;
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
};

/** The fields both editors changed, by their canvas and inspector names, with each one's value (columns « La vôtre », « La sienne » unless named otherwise). */
export function MergeConflictList({ conflicts, mine, theirs, mineLabel, theirsLabel }: { conflicts: MergeConflict[]; mine: Flow; theirs: Flow; mineLabel?: string; theirsLabel?: string }) {
  const { t } = useTranslation();
  const nodeOf = (id: string) => mine.nodes.find((n) => n.id === id) ?? theirs.nodes.find((n) => n.id === id);
  const where = (c: MergeConflict): string => {
    if (c.nodeId !== undefined) {
      const node = nodeOf(c.nodeId);
      return `${nodeName(node, c.nodeId)} · ${c.field ? readableField(c.field, node, t) : t('conflict.wholeNode')}`;
    }
    if (c.edgeId !== undefined) {
      const edge = mine.edges.find((e) => e.id === c.edgeId) ?? theirs.edges.find((e) => e.id === c.edgeId);
      const from = edge ? nodeName(nodeOf(edge.source), edge.source) : c.edgeId;
      return `${t('diff.connections')} ${from} · ${c.field ? readableField(c.field, undefined, t) : t('conflict.wholeEdge')}`;
    }
    return readableField(c.field, undefined, t, [...mine.tests, ...theirs.tests]);
  };
  return (
    <Paper withBorder radius="sm" p="xs" className="merge-conflicts">
      <Stack gap={4}>
        <Text size="sm" fw={600}>
          {t('conflict.both', { count: conflicts.length })}
        </Text>
        <Table withRowBorders verticalSpacing={2} fz="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th />
              <Table.Th>{mineLabel ?? t('conflict.mineValue')}</Table.Th>
              <Table.Th>{theirsLabel ?? t('conflict.theirsValue')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {conflicts.map((c) => (
              <Table.Tr key={`${c.nodeId ?? c.edgeId ?? ''}/${c.field}`} className="merge-conflict" data-node={c.nodeId} data-field={c.field}>
                <Table.Td fw={600}>{where(c)}</Table.Td>
                <Table.Td className="conflict-mine">{short(c.mine, t('conflict.deleted'))}</Table.Td>
                <Table.Td className="conflict-theirs">{short(c.theirs, t('conflict.deleted'))}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Stack>
    </Paper>
  );
}
