import { useMemo, useState } from 'react';
import { Alert, Button, Group, Modal, ScrollArea, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { diffFlows } from '@griot/flows';
import { useDocument } from '../store/documentStore.ts';
import { overwriteWithMine, readDocument, reloadTheirs } from './draftSaver.ts';
import { saveStatusStore, useSaveStatus } from './saveStatusStore.ts';
import { DiffView } from './DiffView.tsx';

/**
 * Another editor saved the draft first. Shows their version (what differs from mine) and lets
 * the editor choose: take theirs, or put mine on top of it. Never decided silently.
 */
export function ConflictModal() {
  const { t, i18n } = useTranslation();
  const current = useSaveStatus((s) => s.conflict);
  const hidden = useSaveStatus((s) => s.conflictHidden);
  const mine = useDocument((s) => s.doc);
  const [busy, setBusy] = useState(false);
  const diff = useMemo(() => (current && mine ? diffFlows(readDocument(current.document), mine) : null), [current, mine]);
  if (!current || hidden) return null;
  return (
    // Closed without choosing: the header keeps saying "conflict" (and reopens this), nothing is saved meanwhile.
    <Modal opened onClose={() => saveStatusStore.getState().set({ conflictHidden: true })} title={t('conflict.title')} size="xl" centered>
      <Stack>
        <Alert color="orange" icon={<IconAlertTriangle size={18} />} variant="light">
          {t('conflict.explain', {
            who: current.updatedBy ?? t('conflict.someone'),
            when: current.updatedAt ? new Date(current.updatedAt).toLocaleString(i18n.language) : '',
            revision: current.revision,
          })}
        </Alert>
        <Text size="sm" fw={600}>
          {t('conflict.differences')}
        </Text>
        <ScrollArea.Autosize mah={340}>{diff && <DiffView diff={diff} />}</ScrollArea.Autosize>
        <Text size="xs" c="dimmed">
          {t('conflict.diffDirection')}
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={() => reloadTheirs(current)} data-action="reload-theirs">
            {t('conflict.reloadTheirs')}
          </Button>
          <Button
            color="orange"
            loading={busy}
            data-action="overwrite-mine"
            onClick={async () => {
              setBusy(true);
              const outcome = await overwriteWithMine(current);
              setBusy(false);
              if (outcome.status === 'saved') notifications.show({ color: 'teal', message: t('save.saved', { revision: outcome.revision }) });
            }}
          >
            {t('conflict.overwrite')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
