import { useMemo, useState } from 'react';
import { Alert, Button, Group, Modal, ScrollArea, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { diffFlows, mergeFlows } from '@griot/flows';
import { useDocument } from '../store/documentStore.ts';
import { mergeWithTheirs, readDocument, reloadTheirs } from './draftSaver.ts';
import { saveStatusStore, useSaveStatus } from './saveStatusStore.ts';
import { DiffView } from './DiffView.tsx';
import { MergeConflictList } from './MergeConflictList.tsx';
import { useUser } from '../app/sessionStore.ts';
import { savedBy } from './savedBy.ts';

/**
 * Another editor saved the draft first (named; or this same user, in another tab or on another
 * computer, and then said so rather than « someone »). Their changes and mine are merged (from the version my
 * edits started from); the dialog shows what my changes change and the fields we both changed,
 * and the editor chooses whose value those fields keep. Never decided silently.
 */
export function ConflictModal() {
  const { t, i18n } = useTranslation();
  const current = useSaveStatus((s) => s.conflict);
  const hidden = useSaveStatus((s) => s.conflictHidden);
  const mine = useDocument((s) => s.doc);
  const base = useDocument((s) => s.savedDoc);
  const username = useUser()?.username;
  const [busy, setBusy] = useState<'mine' | 'theirs' | null>(null);
  const view = useMemo(() => {
    if (!current || !mine) return null;
    const theirs = readDocument(current.document);
    const start = base ?? theirs;
    return { theirs, myChanges: diffFlows(start, mine), conflicts: mergeFlows(start, mine, theirs, 'mine').conflicts };
  }, [current, mine, base]);
  if (!current || hidden || !view || !mine) return null;

  const merge = async (prefer: 'mine' | 'theirs') => {
    setBusy(prefer);
    const outcome = await mergeWithTheirs(current, prefer);
    setBusy(null);
    if (outcome.status === 'saved') notifications.show({ color: 'teal', message: t('save.saved', { revision: outcome.revision }) });
  };
  const conflicting = view.conflicts.length > 0;
  const saver = savedBy(current.updatedBy, username);
  // Their own save elsewhere: « ici » and « enregistrée ailleurs », never « sa version ».
  const you = saver.who === 'you' ? 'You' : '';
  const when = current.updatedAt ? new Date(current.updatedAt).toLocaleString(i18n.language) : '';
  // Who, named at the start of a sentence: the colleague, the admin token said as such, or « Un autre éditeur ».
  const who = saver.who === 'colleague' ? saver.by : saver.who === 'token' ? t('conflict.adminToken') : t('conflict.someone');
  const title = saver.who === 'you' ? t('conflict.titleYou') : saver.who === 'unknown' ? t('conflict.title') : t('conflict.titleBy', { by: who });
  return (
    // Closed without choosing: the header keeps saying "conflict" (and reopens this), nothing is saved meanwhile.
    <Modal opened onClose={() => saveStatusStore.getState().set({ conflictHidden: true })} title={title} size="xl" centered data-dialog="conflict">
      <Stack>
        <Alert color="orange" icon={<IconAlertTriangle size={18} />} variant="light">
          {saver.who === 'you' ? t('conflict.explainYou', { when, revision: current.revision }) : t('conflict.explain', { who, when, revision: current.revision })}{' '}
          {conflicting ? t(`conflict.kept${you}`) : t(`conflict.noConflict${you}`)}
        </Alert>
        {conflicting && <MergeConflictList conflicts={view.conflicts} mine={mine} theirs={view.theirs} mineLabel={t(`conflict.mineValue${you}`)} theirsLabel={t(`conflict.theirsValue${you}`)} />}
        <Text size="sm" fw={600}>
          {t('conflict.differences')}
        </Text>
        <ScrollArea.Autosize mah={340}>
          <DiffView diff={view.myChanges} />
        </ScrollArea.Autosize>
        <Text size="xs" c="dimmed">
          {t('conflict.diffDirection')}
        </Text>
        <Group justify="flex-end">
          <Button variant="subtle" color="gray" onClick={() => reloadTheirs(current)} data-action="reload-theirs">
            {t(`conflict.reloadTheirs${you}`)}
          </Button>
          {conflicting && (
            <Button variant="default" loading={busy === 'theirs'} disabled={busy !== null} data-action="keep-theirs" onClick={() => void merge('theirs')}>
              {t(`conflict.keepTheirs${you}`)}
            </Button>
          )}
          <Button color="orange" loading={busy === 'mine'} disabled={busy !== null} data-action="overwrite-mine" onClick={() => void merge('mine')}>
            {conflicting ? t(`conflict.overwrite${you}`) : t('conflict.saveBoth')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
