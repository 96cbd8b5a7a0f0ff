import { Badge, Group, Paper, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { TestNumber } from '../api/types.ts';
import { PhoneNumber } from '../i18n/PhoneNumber.tsx';

/**
 * The approved test numbers, gathered from the bindings' testers: the numbers whose calls reach
 * staging, and the only ones a preview may call the staging systems as. Edited in a binding's testers.
 */
export function TestNumbersSection({ numbers }: { numbers: TestNumber[] }) {
  const { t } = useTranslation();
  const channelName = (c: string) => t(`admin.channels.${c}.name`, { defaultValue: c });
  return (
    <section className="test-numbers" aria-labelledby="test-numbers-title">
      <Title order={4} mt="xl" id="test-numbers-title">
        {t('admin.testNumbers.title')}
      </Title>
      <Text c="dimmed" size="sm" mb="sm">
        {t('admin.testNumbers.explain')}
      </Text>
      {numbers.length === 0 ? (
        <Paper withBorder p="md" radius="md" ta="center">
          <Text c="dimmed" size="sm">
            {t('admin.testNumbers.empty')}
          </Text>
        </Paper>
      ) : (
        <Paper withBorder radius="md">
          <Table verticalSpacing="xs" horizontalSpacing="md">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('admin.testNumbers.number')}</Table.Th>
                <Table.Th>{t('admin.testNumbers.routes')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {numbers.map((n) => (
                <Table.Tr key={n.number} data-test-number={n.number}>
                  <Table.Td>
                    <Text ff="monospace" size="sm">
                      <PhoneNumber number={n.number} />
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {n.routes.map((r) => (
                        <Badge key={r.bindingId} variant="light" color="gray">
                          {channelName(r.channel)} <PhoneNumber number={r.address} /> → {r.version !== undefined ? `v${r.version}` : t('environments.staging')}
                        </Badge>
                      ))}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      )}
    </section>
  );
}
