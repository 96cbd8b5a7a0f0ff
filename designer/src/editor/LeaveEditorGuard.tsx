import { useEffect, useRef, useState } from 'react';
import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { documentStore } from '../store/documentStore.ts';
import { setLeaveGuard } from '../app/router.ts';
import { saveDraft } from '../versions/draftSaver.ts';
import { dropUnsentCopies } from '../versions/unsentCopy.ts';

const hasUnsavedEdits = () => {
  const { doc, savedDoc } = documentStore.getState();
  return doc !== null && doc !== savedDoc;
};

/**
 * Leaving the editor with edits the server does not have yet always asks: save and leave,
 * leave without them, or stay. In the app (back arrow, browser back button) with this dialog;
 * closing or reloading the tab with the browser's own question.
 */
export function LeaveEditorGuard() {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);
  const [saving, setSaving] = useState(false);
  const [failed, setFailed] = useState(false);
  const answer = useRef<((leave: boolean) => void) | null>(null);

  useEffect(() => {
    setLeaveGuard(() => {
      if (!hasUnsavedEdits()) return true;
      return new Promise<boolean>((resolve) => {
        answer.current?.(false);
        answer.current = resolve;
        setFailed(false);
        setAsking(true);
      });
    });
    const warn = (event: BeforeUnloadEvent) => {
      if (!hasUnsavedEdits()) return;
      event.preventDefault();
      // Older Chromium asks only when returnValue is set.
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', warn);
    return () => {
      setLeaveGuard(null);
      window.removeEventListener('beforeunload', warn);
      answer.current?.(false);
      answer.current = null;
    };
  }, []);

  const decide = (leave: boolean) => {
    setAsking(false);
    answer.current?.(leave);
    answer.current = null;
  };

  const saveAndLeave = async () => {
    setSaving(true);
    const outcome = await saveDraft();
    setSaving(false);
    // A conflict or a refusal keeps the editor here: the conflict dialog or the header says why.
    if (outcome.status === 'saved' || outcome.status === 'unchanged') decide(true);
    else if (outcome.status === 'failed') setFailed(true);
    else decide(false);
  };

  const leaveWithout = () => {
    const { flowId } = documentStore.getState();
    if (flowId) dropUnsentCopies(flowId);
    decide(true);
  };

  return (
    <Modal opened={asking} onClose={() => decide(false)} title={t('leave.title')} size="lg" centered data-dialog="leave-editor">
      <Stack>
        <Text size="sm">{t('leave.explain')}</Text>
        {failed && (
          <Text size="sm" c="red">
            {t('leave.saveFailed')}
          </Text>
        )}
        <Group justify="flex-end" gap="xs">
          <Button variant="subtle" color="red" onClick={leaveWithout} data-action="leave-without-saving">
            {t('leave.discard')}
          </Button>
          <Button variant="default" onClick={() => decide(false)} data-action="stay">
            {t('leave.stay')}
          </Button>
          <Button loading={saving} onClick={() => void saveAndLeave()} data-action="save-and-leave">
            {t('leave.saveAndLeave')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
