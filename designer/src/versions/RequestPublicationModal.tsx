import { useEffect, useState } from 'react';
import { Button, Checkbox, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { publicationApi, type PublicationTarget } from '../api/publicationApi.ts';
import { documentStore, useDocument } from '../store/documentStore.ts';
import { useCurrentLint, useLint } from '../checks/lintStore.ts';
import { saveDraft } from './draftSaver.ts';
import { refreshPublicationOfFlow } from './publicationStore.ts';
import { revealIssue } from '../checks/ChecksPanel.tsx';
import { PublishNotice } from './PublishNotice.tsx';
import { recordingsMissingFor } from './recordingsMissing.ts';
import { LinesReached } from './LinesReached.tsx';

/** The longest comment the server takes. */
const COMMENT_MAX = 2000;

/**
 * "Demander la publication": the editor asks a publisher to publish the draft as it is now (saved
 * first; the request freezes that revision) and take it to staging and/or production.
 */
export function RequestPublicationModal({ opened, onClose }: { opened: boolean; onClose(): void }) {
  const { t } = useTranslation();
  const [targets, setTargets] = useState<PublicationTarget[]>(['staging']);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  useCurrentLint(opened);
  const issues = useLint((s) => s.issues);
  const flowId = useDocument((s) => s.flowId);
  const doc = useDocument((s) => s.doc);
  const blocking = issues.filter((i) => i.severity === 'error').length;
  // Production would be refused at approval (422 recordings_missing): said now; staging alone may still be asked.
  const missing = recordingsMissingFor(targets, issues);
  useEffect(() => {
    if (opened) {
      setTargets(['staging']);
      setComment('');
    }
  }, [opened]);

  const ask = async () => {
    const flowId = documentStore.getState().flowId;
    if (!flowId) return;
    setBusy(true);
    try {
      const saved = await saveDraft();
      if (saved.status !== 'saved' && saved.status !== 'unchanged') {
        notifications.show({ color: 'orange', message: t('publish.saveFirst') });
        return;
      }
      await publicationApi.ask(flowId, { targets, comment: comment.trim(), revision: documentStore.getState().revision });
      notifications.show({ color: 'teal', message: t('publication.asked') });
      await refreshPublicationOfFlow(flowId);
      onClose();
    } catch (e) {
      notifications.show({ color: 'red', title: t('common.failed'), message: (e as Error).message });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} title={t('publication.askTitle')} centered size="lg">
      <Stack>
        <Text size="sm" c="dimmed">
          {t('publication.askHelp')}
        </Text>
        <Checkbox.Group label={t('publication.targets')} value={targets} onChange={(v) => setTargets(v as PublicationTarget[])}>
          <Group mt={6}>
            <Checkbox value="staging" label={t('environments.staging')} data-target="staging" />
            <Checkbox value="production" label={t('environments.production')} data-target="production" />
          </Group>
        </Checkbox.Group>
        {/* Where the draft would go once a publisher approves it: the lines of each environment asked for. */}
        {opened && flowId && (['staging', 'production'] as const).filter((e) => targets.includes(e)).map((e) => <LinesReached key={e} flowId={flowId} environment={e} version="draft" draft={doc} />)}
        <Textarea
          label={t('publication.comment')}
          placeholder={t('publication.commentPlaceholder')}
          value={comment}
          maxLength={COMMENT_MAX}
          autosize
          minRows={3}
          data-autofocus
          onChange={(e) => setComment(e.currentTarget.value)}
        />
        {missing.length > 0 && (
          <PublishNotice
            kind="productionOnly"
            issues={missing}
            title={t('publication.recordingsMissingTitle', { count: missing.length })}
            help={t('publication.recordingsMissingAsk')}
            onReveal={(issue) => {
              revealIssue(issue);
              onClose();
            }}
          />
        )}
        {blocking > 0 && (
          <Text size="xs" c="red">
            {t('publish.blockedReason')}
          </Text>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button loading={busy} disabled={targets.length === 0 || blocking > 0 || missing.length > 0} onClick={() => void ask()} data-action="send-publication-request">
            {t('publication.send')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
