import { useEffect, useState } from 'react';
import { Button, Group, Modal, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import type { LintIssue } from '@griot/flows';
import { flowsApi } from '../api/flowsApi.ts';
import { ApiError } from '../api/client.ts';
import { documentStore } from '../store/documentStore.ts';
import { revealIssue } from '../checks/ChecksPanel.tsx';
import { saveDraft } from './draftSaver.ts';
import { refreshVersions } from './versionsStore.ts';
import { PublishIssues } from './PublishIssues.tsx';

/** Publishes the saved draft as a new version, with a message; the server's lint may refuse it (422). */
export function PublishModal({ opened, onClose }: { opened: boolean; onClose(): void }) {
  const { t } = useTranslation();
  const [message, setMessage] = useState('');
  const [label, setLabel] = useState('');
  const [busy, setBusy] = useState(false);
  const [issues, setIssues] = useState<LintIssue[] | null>(null);
  useEffect(() => {
    if (opened) {
      setMessage('');
      setLabel('');
      setIssues(null);
    }
  }, [opened]);

  const publish = async () => {
    const flowId = documentStore.getState().flowId;
    if (!flowId) return;
    setBusy(true);
    setIssues(null);
    try {
      const saved = await saveDraft();
      if (saved.status !== 'saved' && saved.status !== 'unchanged') {
        notifications.show({ color: 'orange', message: t('publish.saveFirst') });
        return;
      }
      const version = await flowsApi.publish(flowId, message.trim(), documentStore.getState().revision, label.trim() || undefined);
      notifications.show({ color: 'teal', title: t('publish.done', { n: version.number }), message: message.trim() });
      await refreshVersions(flowId);
      onClose();
    } catch (e) {
      if (e instanceof ApiError && e.status === 422) setIssues((e.body.issues as LintIssue[] | undefined) ?? []);
      else notifications.show({ color: 'red', title: t('common.failed'), message: (e as Error).message });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} title={t('publish.title')} centered size="lg">
      <Stack>
        <Text size="sm" c="dimmed">
          {t('publish.help')}
        </Text>
        <Textarea label={t('publish.message')} placeholder={t('publish.placeholder')} value={message} autosize minRows={2} data-autofocus onChange={(e) => setMessage(e.currentTarget.value)} />
        <TextInput
          label={t('versionLabel.field')}
          description={t('versionLabel.help')}
          placeholder={t('versionLabel.placeholder')}
          maxLength={80}
          name="version-label"
          value={label}
          onChange={(e) => setLabel(e.currentTarget.value)}
        />
        {issues && (
          <PublishIssues
            issues={issues}
            onReveal={(issue) => {
              revealIssue(issue);
              onClose();
            }}
          />
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button loading={busy} disabled={!message.trim()} onClick={() => void publish()}>
            {t('publish.submit')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
