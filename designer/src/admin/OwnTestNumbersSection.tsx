import { useState } from 'react';
import { ActionIcon, Alert, Badge, Button, Group, Paper, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { adminApi, type BindingView } from './adminApi.ts';
import { useApiErrorText } from './useApiErrorText.ts';
import { isolate } from '../i18n/isolate.ts';

/**
 * A tester lists their own phone as a test number of a binding, without an admin: once an admin
 * confirmed it (pending until then, said so here: its calls reach the line's environment, like a
 * subscriber's), its calls reach the flow's staging. It never
 * lets the simulator call the real systems. The server keeps it to staging, caps it (3 per user
 * at once, 10 adds a day) and refuses a live subscriber's number; each change is audited.
 */
export function OwnTestNumbersSection({ bindings, username, onChanged }: { bindings: BindingView[]; username: string; onChanged(): void }) {
  const { t } = useTranslation();
  const errorText = useApiErrorText();
  const channelName = (c: string) => t(`admin.channels.${c}.name`, { defaultValue: c });
  // The address isolated: one stored with a direction control would otherwise turn what follows it around.
  const label = (b: BindingView) => `${channelName(b.channel)} ${isolate(b.address)}`;
  const [bindingId, setBindingId] = useState<string | null>(bindings[0]?.id ?? null);
  const [number, setNumber] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Pending, it reaches the line's environment like a subscriber's call; confirmed, staging.
  const reaches = (binding: BindingView, pending: boolean) => {
    const environment = pending ? binding.environment : 'staging';
    const n = binding.environments?.[environment];
    const vars = { binding: label(binding), environment: t(`environments.${environment}`) };
    return n ? t('admin.ownTestNumbers.reachesVersion', { ...vars, n }) : t('admin.ownTestNumbers.reaches', vars);
  };
  const mine = bindings.flatMap((b) => b.testers.filter((r) => r.addedBy === username).map((r) => ({ binding: b, number: r.number, pending: r.confirmedAt === undefined })));

  const add = async () => {
    if (!bindingId || !number.trim()) return;
    setBusy(true);
    setError(null);
    try {
      await adminApi.addOwnTestNumber(bindingId, number.trim());
      notifications.show({ color: 'teal', message: t('admin.ownTestNumbers.added', { number: number.trim() }) });
      setNumber('');
      onChanged();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  const remove = (binding: BindingView, n: string) =>
    adminApi.removeOwnTestNumber(binding.id, n).then(onChanged, (e: unknown) => notifications.show({ color: 'red', title: t('common.failed'), message: errorText(e) }));

  return (
    <section className="own-test-numbers" aria-labelledby="own-test-numbers-title">
      <Title order={4} mt="xl" id="own-test-numbers-title">
        {t('admin.ownTestNumbers.title')}
      </Title>
      <Text c="dimmed" size="sm" mb="sm">
        {t('admin.ownTestNumbers.explain')}
      </Text>
      <Paper withBorder radius="md" p="md">
        <Stack gap="sm">
          {mine.length > 0 && (
            <Table verticalSpacing={4} withRowBorders={false}>
              <Table.Tbody>
                {mine.map(({ binding, number: n, pending }) => (
                  <Table.Tr key={`${binding.id}:${n}`} data-own-test-number={n} data-pending={pending ? '' : undefined}>
                    <Table.Td>
                      <Text ff="monospace" size="sm">
                        {n}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{reaches(binding, pending)}</Text>
                    </Table.Td>
                    <Table.Td>
                      {pending ? (
                        <Badge variant="light" color="yellow">
                          {t('admin.ownTestNumbers.pending')}
                        </Badge>
                      ) : (
                        <Badge variant="light" color="teal">
                          {t('admin.ownTestNumbers.confirmed')}
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td w={40}>
                      <ActionIcon variant="subtle" color="red" aria-label={t('admin.ownTestNumbers.remove', { number: n, binding: label(binding) })} onClick={() => void remove(binding, n)}>
                        <IconTrash size={16} />
                      </ActionIcon>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
          {mine.some((m) => m.pending) && (
            <Text size="xs" c="dimmed">
              {t('admin.ownTestNumbers.pendingHelp')}
            </Text>
          )}
          <Group align="flex-end" wrap="wrap">
            <Select label={t('admin.ownTestNumbers.binding')} data={bindings.map((b) => ({ value: b.id, label: label(b) }))} value={bindingId} onChange={setBindingId} allowDeselect={false} w={220} />
            <TextInput label={t('admin.ownTestNumbers.number')} placeholder="+229 01 97 00 00 01" inputMode="tel" value={number} onChange={(e) => setNumber(e.currentTarget.value)} w={220} />
            <Button leftSection={<IconPlus size={14} />} onClick={() => void add()} loading={busy} disabled={!bindingId || !number.trim()}>
              {t('admin.ownTestNumbers.add')}
            </Button>
          </Group>
          {error && (
            <Alert color="red" variant="light" data-own-test-number-error>
              {error}
            </Alert>
          )}
        </Stack>
      </Paper>
    </section>
  );
}
