import { useEffect, useState } from 'react';
import { Autocomplete, Button, Group, Modal, Stack } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { flowsApi } from '../api/flowsApi.ts';
import type { FlowSummary } from '../api/types.ts';
import { folderValid } from './CreateFlowModal.tsx';

/**
 * Files a flow in a folder (or takes it out of any): the folder is a setting of the draft, so it
 * is saved like an edit, over the revision just read (a conflict is reported, never overwritten).
 */
export function MoveToFolderModal({ flow, folders, onClose, onMoved }: { flow: FlowSummary | null; folders: string[]; onClose(): void; onMoved(): void }) {
  const { t } = useTranslation();
  const [folder, setFolder] = useState('');
  const [busy, setBusy] = useState(false);
  useEffect(() => setFolder(flow?.folder ?? ''), [flow]);
  if (!flow) return null;
  const error = folderValid(folder) ? undefined : t('flowList.folderInvalid');

  const move = async () => {
    setBusy(true);
    try {
      const draft = await flowsApi.draft(flow.id);
      const settings = { ...draft.document.settings };
      const wanted = folder.trim();
      if (wanted) settings.folder = wanted;
      else delete settings.folder;
      await flowsApi.saveDraft(flow.id, draft.revision, { ...draft.document, settings });
      notifications.show({ color: 'teal', message: wanted ? t('flowList.moved', { name: flow.name, folder: wanted }) : t('flowList.movedOut', { name: flow.name }) });
      onMoved();
      onClose();
    } catch (e) {
      notifications.show({ color: 'red', title: t('common.failed'), message: (e as Error).message });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened onClose={onClose} title={t('flowList.moveTitle', { name: flow.name })} centered>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void move();
        }}
      >
        <Stack>
          <Autocomplete label={t('flowList.folder')} description={t('flowList.folderHelp')} data={folders} value={folder} error={error} data-autofocus onChange={setFolder} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={busy} disabled={!!error || folder.trim() === (flow.folder ?? '')}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
