import { useMemo } from 'react';
import { Alert, Button, Group, Modal, ScrollArea, Stack, Text } from '@mantine/core';
import { IconDeviceFloppy } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { diffFlows, mergeFlows } from '@griot/flows';
import { documentStore, useDocument } from '../store/documentStore.ts';
import { DiffView } from './DiffView.tsx';
import { MergeConflictList } from './MergeConflictList.tsx';
import { dropUnsentCopies, type UnsentCopy } from './unsentCopy.ts';

/**
 * On opening a flow with edits this device kept but the server never got (a crash, a closed tab,
 * no network): when they were made, on which revision, what they change, and the choice to put
 * them back (then saved like any edit) or to throw them away. Put back, they are merged into the
 * server's draft: what other editors changed since stays, unless they changed the same field.
 */
export function RestoreUnsentModal({ copy, onDone }: { copy: UnsentCopy; onDone(): void }) {
  const { t, i18n } = useTranslation();
  const serverDoc = useDocument((s) => s.savedDoc);
  const serverRevision = useDocument((s) => s.revision);
  const moved = copy.baseRevision !== serverRevision;
  // A copy from before copies kept their base, on a draft that moved: all its differences count as mine.
  const base = copy.baseDoc ?? serverDoc;
  const view = useMemo(() => (serverDoc && base ? { myChanges: diffFlows(base, copy.doc), conflicts: mergeFlows(base, copy.doc, serverDoc, 'mine').conflicts } : null), [serverDoc, base, copy]);

  const restore = (prefer: 'mine' | 'theirs') => {
    if (!serverDoc || !base) return;
    documentStore.getState().restore(mergeFlows(base, copy.doc, serverDoc, prefer).flow, serverRevision);
    onDone();
  };
  const discard = () => {
    dropUnsentCopies(copy.flowId);
    onDone();
  };
  const conflicting = (view?.conflicts.length ?? 0) > 0;

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
        {view && conflicting && serverDoc && <MergeConflictList conflicts={view.conflicts} mine={copy.doc} theirs={serverDoc} />}
        <Text size="sm" fw={600}>
          {t('unsent.differences')}
        </Text>
        <ScrollArea.Autosize mah={340}>{view && <DiffView diff={view.myChanges} />}</ScrollArea.Autosize>
        <Group justify="flex-end">
          <Button variant="subtle" color="red" onClick={discard} data-action="discard-unsent">
            {t('unsent.discard')}
          </Button>
          {conflicting && (
            <Button variant="default" onClick={() => restore('theirs')} data-action="restore-unsent-theirs">
              {t('unsent.restoreTheirs')}
            </Button>
          )}
          <Button onClick={() => restore('mine')} data-action="restore-unsent">
            {conflicting ? t('unsent.restoreMine') : t('unsent.restore')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
