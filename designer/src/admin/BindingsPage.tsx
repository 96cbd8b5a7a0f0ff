import { useCallback, useEffect, useState } from 'react';
import { ActionIcon, Alert, Anchor, Badge, Button, Group, Loader, Paper, Table, Text, Title, Tooltip } from '@mantine/core';
import { IconEye, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { flowsApi } from '../api/flowsApi.ts';
import { previewApi } from '../api/previewApi.ts';
import type { FlowSummary, TestNumber } from '../api/types.ts';
import { editorPath, navigate } from '../app/router.ts';
import { useUser } from '../app/sessionStore.ts';
import { adminApi, type BindingView } from './adminApi.ts';
import { adminAccess } from './adminAccess.ts';
import { BindingModal } from './BindingModal.tsx';
import { TestNumbersSection } from './TestNumbersSection.tsx';
import { OwnTestNumbersSection } from './OwnTestNumbersSection.tsx';
import { OwnTestNumbersReview } from './OwnTestNumbersReview.tsx';
import { useApiErrorText } from './useApiErrorText.ts';
import { ChannelReadiness } from './ChannelReadiness.tsx';
import { PhoneNumber } from '../i18n/PhoneNumber.tsx';

/**
 * Which address of which channel runs which flow in which environment, with its testers:
 * an admin creates, edits and deletes; anyone who reads flows sees it.
 */
export function BindingsPage() {
  const { t } = useTranslation();
  const user = useUser();
  const errorText = useApiErrorText();
  const editable = adminAccess.editBindings(user);
  const [bindings, setBindings] = useState<BindingView[] | null>(null);
  const [flows, setFlows] = useState<FlowSummary[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<{ binding: BindingView | null } | null>(null);
  const [testNumbers, setTestNumbers] = useState<TestNumber[] | null>(null);

  const load = useCallback(() => {
    adminApi.bindings().then(setBindings, (e: unknown) => setError(errorText(e)));
    flowsApi.list().then(setFlows, () => setFlows([]));
    // Read apart (not worked out here from the bindings): the list the server checks previews against.
    previewApi.testNumbers().then(setTestNumbers, () => setTestNumbers(null));
  }, [errorText]);
  useEffect(load, [load]);

  const channelName = (c: string) => t(`admin.channels.${c}.name`, { defaultValue: c });
  const flowName = (id: string) => flows.find((f) => f.id === id)?.name ?? id;
  const remove = (binding: BindingView) => {
    const names = { channel: channelName(binding.channel), address: binding.address };
    modals.openConfirmModal({
      title: t('admin.bindings.deleteTitle', names),
      children: <Text size="sm">{t('admin.bindings.deleteExplain')}</Text>,
      labels: { confirm: t('admin.bindings.delete'), cancel: t('common.cancel') },
      confirmProps: { color: 'red' },
      onConfirm: () =>
        void adminApi.deleteBinding(binding.id).then(
          () => {
            notifications.show({ color: 'teal', message: t('admin.bindings.deleted', names) });
            load();
          },
          (e: unknown) => notifications.show({ color: 'red', title: t('common.failed'), message: errorText(e) }),
        ),
    });
  };

  return (
    <div className="bindings-page">
      <Group justify="space-between" mb="md">
        <div>
          <Title order={3}>{t('admin.bindings.title')}</Title>
          <Text c="dimmed" size="sm">
            {t('admin.bindings.subtitle')}
          </Text>
        </div>
        {editable && (
          <Button leftSection={<IconPlus size={16} />} onClick={() => setOpen({ binding: null })}>
            {t('admin.bindings.new')}
          </Button>
        )}
      </Group>
      {!editable && (
        <Alert color="blue" variant="light" mb="md">
          {t('admin.bindings.readOnly')}
        </Alert>
      )}
      {error && <Alert color="red">{error}</Alert>}
      {editable && bindings && <ChannelReadiness channels={[...new Set(bindings.map((b) => b.channel))]} />}
      {!bindings && !error && <Loader />}
      {bindings && bindings.length === 0 && (
        <Paper withBorder p="xl" radius="md" ta="center">
          <Text c="dimmed">{t('admin.bindings.empty')}</Text>
        </Paper>
      )}
      {bindings && bindings.length > 0 && (
        <Paper withBorder radius="md">
          <Table verticalSpacing="sm" horizontalSpacing="md" highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('admin.bindings.channel')}</Table.Th>
                <Table.Th>{t('admin.bindings.address')}</Table.Th>
                <Table.Th>{t('admin.bindings.flow')}</Table.Th>
                <Table.Th>{t('admin.bindings.environment')}</Table.Th>
                <Table.Th>{t('admin.bindings.runs')}</Table.Th>
                <Table.Th>{t('admin.bindings.testers')}</Table.Th>
                <Table.Th w={80} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {bindings.map((binding) => {
                const names = { channel: channelName(binding.channel), address: binding.address };
                const runs = binding.environments[binding.environment];
                return (
                  <Table.Tr key={binding.id} data-binding={`${binding.channel}:${binding.address}`}>
                    <Table.Td>
                      <Badge variant="light" color={binding.channel === 'voice' ? 'indigo' : binding.channel === 'whatsapp' ? 'teal' : 'gray'}>
                        {channelName(binding.channel)}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      <Text ff="monospace" size="sm">
                        <PhoneNumber number={binding.address} />
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Anchor
                        href={editorPath(binding.flowId)}
                        size="sm"
                        onClick={(e) => {
                          e.preventDefault();
                          navigate(editorPath(binding.flowId));
                        }}
                      >
                        {flowName(binding.flowId)}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      <Badge variant="light" color={binding.environment === 'production' ? 'green' : 'yellow'}>
                        {t(`environments.${binding.environment}`)}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      {runs !== null ? (
                        <Text size="sm">{t('admin.bindings.runsVersion', { n: runs })}</Text>
                      ) : (
                        <Text size="sm" c="red">
                          {t('admin.bindings.nothingRuns')}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" c="dimmed">
                        {binding.testers.length > 0 ? t('admin.bindings.testersCount', { count: binding.testers.length }) : '—'}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Group gap={2} wrap="nowrap">
                        <Tooltip label={editable ? t('admin.bindings.edit') : t('admin.bindings.view')} withArrow>
                          <ActionIcon variant="subtle" color="gray" aria-label={t(editable ? 'admin.bindings.editLabel' : 'admin.bindings.viewLabel', names)} onClick={() => setOpen({ binding })}>
                            {editable ? <IconPencil size={16} /> : <IconEye size={16} />}
                          </ActionIcon>
                        </Tooltip>
                        {editable && (
                          <Tooltip label={t('admin.bindings.delete')} withArrow>
                            <ActionIcon variant="subtle" color="red" aria-label={t('admin.bindings.deleteLabel', names)} onClick={() => remove(binding)}>
                              <IconTrash size={16} />
                            </ActionIcon>
                          </Tooltip>
                        )}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Paper>
      )}
      {!editable && user && adminAccess.addOwnTestNumber(user) && bindings && bindings.length > 0 && <OwnTestNumbersSection bindings={bindings} username={user.username} onChanged={load} />}
      {editable && bindings && <OwnTestNumbersReview bindings={bindings} onChanged={load} />}
      {testNumbers && <TestNumbersSection numbers={testNumbers} />}
      <BindingModal
        opened={open !== null}
        binding={open?.binding ?? null}
        flows={flows}
        readOnly={!editable}
        onClose={() => setOpen(null)}
        onSaved={() => {
          setOpen(null);
          load();
        }}
      />
    </div>
  );
}
