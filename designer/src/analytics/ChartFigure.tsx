import { useState, type ReactNode } from 'react';
import { Button, Group, Paper, Table, Text, VisuallyHidden } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export interface FigureTableData {
  columns: string[];
  rows: Array<Array<string | number>>;
}

/**
 * A chart with its title, a sentence that says what it shows (what a screen reader announces for
 * the picture) and its figures as a table: read by screen readers all the time, shown to everyone
 * on request.
 */
export function ChartFigure({
  id,
  title,
  summary,
  table,
  children,
  after,
}: {
  id: string;
  title: string;
  summary: string;
  table: FigureTableData;
  children: ReactNode;
  /** Shown under the chart (or its table) in both modes: a related breakdown. */
  after?: ReactNode;
}) {
  const { t } = useTranslation();
  const [asTable, setAsTable] = useState(false);
  const tableId = `${id}-table`;
  const figures = <FigureTable id={tableId} caption={title} table={table} />;
  return (
    <Paper component="figure" withBorder radius="md" p="sm" m={0} className="chart-figure" data-chart={id} aria-labelledby={`${id}-title`}>
      <Group justify="space-between" wrap="nowrap" mb={4}>
        <Text component="figcaption" fw={600} size="sm" id={`${id}-title`}>
          {title}
        </Text>
        <Button variant="subtle" size="compact-xs" aria-expanded={asTable} aria-controls={tableId} onClick={() => setAsTable(!asTable)} data-action="toggle-table">
          {asTable ? t('analytics.showChart') : t('analytics.showTable')}
        </Button>
      </Group>
      {asTable ? (
        figures
      ) : (
        <>
          <div role="img" aria-label={summary} className="chart-body">
            {children}
          </div>
          <VisuallyHidden>{figures}</VisuallyHidden>
        </>
      )}
      {after}
    </Paper>
  );
}

function FigureTable({ id, caption, table }: { id: string; caption: string; table: FigureTableData }) {
  return (
    <Table.ScrollContainer minWidth={300} mah={260}>
      <Table id={id} striped withTableBorder fz="xs" className="figure-table">
        <caption className="figure-table-caption">{caption}</caption>
        <Table.Thead>
          <Table.Tr>
            {table.columns.map((c) => (
              <Table.Th key={c} scope="col">
                {c}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {table.rows.map((row, i) => (
            <Table.Tr key={i}>
              {row.map((cell, j) =>
                j === 0 ? (
                  <Table.Th key={j} scope="row" fw={400}>
                    {cell}
                  </Table.Th>
                ) : (
                  <Table.Td key={j}>{cell}</Table.Td>
                ),
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
