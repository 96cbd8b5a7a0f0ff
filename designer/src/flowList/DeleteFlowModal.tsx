import { useEffect, useState } from 'react';
import { Alert, Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { Trans, useTranslation } from 'react-i18next';
import { flowsApi } from '../api/flowsApi.ts';
import type { FlowSummary } from '../api/types.ts';

/** Deleting a flow asks for its name typed again: it takes versions and history with it. */
export function DeleteFlowModal({ flow, onClose, onDeleted }: { flow: FlowSummary | null; onClose(): void; onDeleted(): void }) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  useEffect(() => setTyped(''), [flow]);
  if (!flow) return null;
  const remove = async () => {
    setBusy(true);
    try {
      await flowsApi.remove(flow.id, typed);
      notifications.show({ color: 'teal', message: t('flows.deleted', { name: flow.name }) });
      onDeleted();
    } catch (e) {
      notifications.show({ color: 'red', title: t('common.failed'), message: (e as Error).message });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened onClose={onClose} title={t('flows.deleteTitle')} centered>
      <Stack>
        <Alert color="red" variant="light">{t('flows.deleteWarning')}</Alert>
        <Text size="sm">
          <Trans i18nKey="flows.deleteConfirm" values={{ name: flow.name }} components={{ b: <b /> }} />
        </Text>
        <TextInput aria-label={t('flows.deleteConfirmLabel')} value={typed} onChange={(e) => setTyped(e.currentTarget.value)} data-autofocus />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
          <Button color="red" loading={busy} disabled={typed !== flow.name} onClick={() => void remove()}>
            {t('flows.deleteForever')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
