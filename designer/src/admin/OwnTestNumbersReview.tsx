import { useState } from 'react';
import { Badge, Button, Paper, Table, Text, Title } from '@mantine/core';
import { IconCheck } from '@tabler/icons-react';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { adminApi, type BindingView } from './adminApi.ts';
import { useApiErrorText } from './useApiErrorText.ts';
import { isolate } from '../i18n/isolate.ts';
import { PhoneNumber } from '../i18n/PhoneNumber.tsx';

/**
 * For admins: the numbers testers listed as their own, pending ones first, each confirmed in one
 * click once the admin checked it is that tester's phone. Confirmed, its calls reach staging; it
 * never lets a preview call the real systems (the server's rule, said here).
 */
export function OwnTestNumbersReview({ bindings, onChanged }: { bindings: BindingView[]; onChanged(): void }) {
  const { t } = useTranslation();
  const errorText = useApiErrorText();
  const [busy, setBusy] = useState<string | null>(null);
  const channelName = (c: string) => t(`admin.channels.${c}.name`, { defaultValue: c });
  // The address isolated: one stored with a direction control would otherwise turn what follows it around.
  const label = (b: BindingView) => `${channelName(b.channel)} ${isolate(b.address)}`;
  const rows = bindings
    .flatMap((binding) => binding.testers.filter((r) => r.addedBy !== undefined).map((tester) => ({ binding, tester })))
    .sort((a, b) => Number(a.tester.confirmedAt !== undefined) - Number(b.tester.confirmedAt !== undefined));
  if (rows.length === 0) return null;

  const confirm = async (binding: BindingView, number: string) => {
    setBusy(`${binding.id}:${number}`);
    try {
      await adminApi.confirmOwnTestNumber(binding.id, number);
      notifications.show({ color: 'teal', message: t('admin.ownTestNumbersReview.confirmedNotice', { number }) });
      onChanged();
    } catch (e) {
      notifications.show({ color: 'red', title: t('common.failed'), message: errorText(e) });
    } finally {
      setBusy(null);
    }
  };

  return (
    <section className="own-test-numbers-review" aria-labelledby="own-test-numbers-review-title">
      <Title order={4} mt="xl" id="own-test-numbers-review-title">
        {t('admin.ownTestNumbersReview.title')}
      </Title>
      <Text c="dimmed" size="sm" mb="sm">
        {t('admin.ownTestNumbersReview.explain')}
      </Text>
      <Paper withBorder radius="md">
        <Table verticalSpacing="xs" horizontalSpacing="md">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('admin.ownTestNumbersReview.number')}</Table.Th>
              <Table.Th>{t('admin.ownTestNumbersReview.binding')}</Table.Th>
              <Table.Th>{t('admin.ownTestNumbersReview.addedBy')}</Table.Th>
              <Table.Th>{t('admin.ownTestNumbersReview.status')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map(({ binding, tester }) => {
              const key = `${binding.id}:${tester.number}`;
              const pending = tester.confirmedAt === undefined;
              return (
                <Table.Tr key={key} data-own-test-number={tester.number} data-pending={pending ? '' : undefined}>
                  <Table.Td>
                    <Text ff="monospace" size="sm">
                      <PhoneNumber number={tester.number} />
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{label(binding)}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{tester.addedBy}</Text>
                  </Table.Td>
                  <Table.Td>
                    {pending ? (
                      <Badge variant="light" color="yellow">
                        {t('admin.ownTestNumbersReview.pending')}
                      </Badge>
                    ) : (
                      <Text size="sm" c="dimmed">
                        {t('admin.ownTestNumbersReview.confirmedBy', { username: tester.confirmedBy ?? '—' })}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td w={130}>
                    {pending && (
                      <Button
                        size="compact-sm"
                        variant="light"
                        leftSection={<IconCheck size={14} />}
                        loading={busy === key}
                        aria-label={t('admin.ownTestNumbersReview.confirmLabel', { number: tester.number, binding: label(binding) })}
                        onClick={() => void confirm(binding, tester.number)}
                      >
                        {t('admin.ownTestNumbersReview.confirm')}
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Paper>
    </section>
  );
}
