import { Text, Tooltip, UnstyledButton } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconCloudOff, IconLoader2, IconPencil } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useDocument } from '../store/documentStore.ts';
import { saveStatusStore, useSaveStatus } from './saveStatusStore.ts';
import { saveStateOf, type SaveState } from './saveState.ts';
import { savedBy } from './savedBy.ts';
import { useUser } from '../app/sessionStore.ts';

const COLORS: Record<SaveState, string> = {
  saved: 'dimmed',
  saving: 'blue',
  unsaved: 'orange',
  offline: 'red',
  conflict: 'red',
  refused: 'red',
  failed: 'red',
};
const ICONS = { saved: IconCheck, saving: IconLoader2, unsaved: IconPencil, offline: IconCloudOff, conflict: IconAlertTriangle, refused: IconAlertTriangle, failed: IconAlertTriangle };

/** The draft's save state in the header; a conflict closed without choosing opens again from here. */
export function SaveStateBadge() {
  const { t } = useTranslation();
  const doc = useDocument((d) => d.doc);
  const savedDoc = useDocument((d) => d.savedDoc);
  const status = useSaveStatus((s) => s);
  const username = useUser()?.username;
  const state = saveStateOf({ doc, savedDoc }, status);
  const Icon = ICONS[state];
  const saver = savedBy(status.conflict?.updatedBy, username);
  const help =
    state !== 'conflict' || saver.who === 'unknown'
      ? t(`save.stateHelp.${state}`)
      : saver.who === 'you'
        ? t('save.stateHelp.conflictYou')
        : t('save.stateHelp.conflictBy', { by: saver.who === 'token' ? t('conflict.adminToken') : saver.by });
  const label = (
    <Text size="xs" c={COLORS[state]} data-save-state={state} className="save-state" span>
      <Icon size={12} className="save-state-icon" aria-hidden /> <span className="save-state-text">{t(`save.state.${state}`)}</span>
    </Text>
  );
  return (
    <Tooltip label={help} multiline w={280}>
      {state === 'conflict' ? (
        <UnstyledButton onClick={() => saveStatusStore.getState().set({ conflictHidden: false })} aria-label={t('save.state.conflict')}>
          {label}
        </UnstyledButton>
      ) : (
        label
      )}
    </Tooltip>
  );
}
