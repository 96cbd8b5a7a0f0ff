import { useMemo } from 'react';
import { Alert, Button, Group, Modal, ScrollArea, Stack, Text } from '@mantine/core';
import { IconDeviceFloppy } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { diffFlows } from '@griot/flows';
import { documentStore, useDocument } from '../store/documentStore.ts';
import { DiffView } from './DiffView.tsx';
import { dropUnsentCopies, type UnsentCopy } from './unsentCopy.ts';

/**
 * On opening a flow with edits this device kept but the server never got (a crash, a closed tab,
 * no network): when they were made, on which revision, what they change, and the choice to put
 * them back (then saved like any edit) or to throw them away.
 */
export function RestoreUnsentModal({ copy, onDone }: { copy: UnsentCopy; onDone(): void }) {
  const { t, i18n } = useTranslation();
  const serverDoc = useDocument((s) => s.savedDoc);
  const serverRevision = useDocument((s) => s.revision);
  const diff = useMemo(() => (serverDoc ? diffFlows(serverDoc, copy.doc) : null), [serverDoc, copy]);
  const moved = copy.baseRevision !== serverRevision;

  const restore = () => {
    // The diff shown is against the server's current draft: putting the copy back is the editor's choice, made seeing it.
    documentStore.getState().restore(copy.doc, serverRevision);
    onDone();
  };
  const discard = () => {
    dropUnsentCopies(copy.flowId);
    onDone();
  };

  return (
    <Modal opened onClose={onDone} title={t('unsent.title')} size="xl" centered data-dialog="restore-unsent">
      <Stack>
        <Alert color="blue" variant="light" icon={<IconDeviceFloppy size={18} />}>
          {t('unsent.explain', { when: new Date(copy.savedAt).toLocaleString(i18n.language), revision: copy.baseRevision })}
          {moved && (
            <Text size="sm" mt={4} fw={500}>
              {t('unsent.serverMoved', { revision: serverRevision })}
            </Text>
          )}
        </Alert>
        <Text size="sm" fw={600}>
          {t('unsent.differences')}
        </Text>
        <ScrollArea.Autosize mah={340}>{diff && <DiffView diff={diff} />}</ScrollArea.Autosize>
        <Group justify="flex-end">
          <Button variant="subtle" color="red" onClick={discard} data-action="discard-unsent">
            {t('unsent.discard')}
          </Button>
          <Button onClick={restore} data-action="restore-unsent">
            {t('unsent.restore')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
