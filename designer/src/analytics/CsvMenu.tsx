import { Button, Menu } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { FLOW_CSV_TABLES, analyticsApi } from './analyticsApi.ts';
import { analyticsQuery } from './analyticsFilters.ts';
import { useAnalytics } from './analyticsStore.ts';

/** One table of the figures on screen (same period and filters) as a CSV file for a spreadsheet; the server names the file after its period and filters. */
export function CsvMenu({ flowId }: { flowId: string }) {
  const { t } = useTranslation();
  const filters = useAnalytics((s) => s.filters);
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button size="xs" variant="default" leftSection={<IconDownload size={14} />} data-action="csv">
          {t('analytics.csv.button')}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        {FLOW_CSV_TABLES.map((table) => (
          <Menu.Item key={table} component="a" href={analyticsApi.flowCsvUrl(flowId, analyticsQuery(filters, new Date()), table)} download data-csv-table={table}>
            {t(`analytics.csv.${table}`)}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
