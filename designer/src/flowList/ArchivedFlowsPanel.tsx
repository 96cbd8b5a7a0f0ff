import { useCallback, useEffect, useState } from 'react';
import { Button, Paper, Table, Text, Title } from '@mantine/core';
import { IconRestore } from '@tabler/icons-react';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { flowsApi } from '../api/flowsApi.ts';
import type { ArchivedFlow } from '../api/types.ts';
import { Bdi } from '../i18n/Bdi.tsx';

/** The admin's archive: deleted flows, when they go for good, and a restore button. Hidden while empty. */
export function ArchivedFlowsPanel({ version, onRestored }: { version: number; onRestored(): void }) {
  const { t, i18n } = useTranslation();
  const [archived, setArchived] = useState<ArchivedFlow[]>([]);
  const [busy, setBusy] = useState<string | null>(null);
  const load = useCallback(() => {
    flowsApi.archived().then(setArchived, () => setArchived([]));
  }, []);
  useEffect(load, [load, version]);

  const restore = async (flow: ArchivedFlow) => {
    setBusy(flow.id);
    try {
      await flowsApi.restore(flow.id);
      notifications.show({ color: 'teal', message: t('archive.restored', { name: flow.name }) });
      load();
      onRestored();
    } catch (e) {
      notifications.show({ color: 'red', title: t('common.failed'), message: (e as Error).message });
    } finally {
      setBusy(null);
    }
  };

  if (archived.length === 0) return null;
  const when = (iso: string) => new Date(iso).toLocaleString(i18n.language);
  return (
    <Paper withBorder radius="md" mt="xl" p="md" className="archived-flows">
      <Title order={4}>{t('archive.listTitle')}</Title>
      <Text c="dimmed" size="sm" mb="sm">
        {t('archive.listSubtitle')}
      </Text>
      <Table verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('flows.name')}</Table.Th>
            <Table.Th>{t('archive.archivedAt')}</Table.Th>
            <Table.Th>{t('archive.archivedBy')}</Table.Th>
            <Table.Th>{t('archive.purgeAfter')}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {archived.map((flow) => (
            <Table.Tr key={flow.id} data-archived-flow-id={flow.id}>
              <Table.Td>
                <Text fw={600} size="sm">
                  <Bdi>{flow.name}</Bdi>
                </Text>
                <Text size="xs" c="dimmed" ff="monospace">
                  {flow.id}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{when(flow.archivedAt)}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{flow.archivedBy}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{when(flow.purgeAfter)}</Text>
              </Table.Td>
              <Table.Td>
                <Button size="xs" variant="light" leftSection={<IconRestore size={14} />} loading={busy === flow.id} onClick={() => void restore(flow)}>
                  {t('archive.restore')}
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}
