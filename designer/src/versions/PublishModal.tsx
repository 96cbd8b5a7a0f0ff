import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Group, Modal, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import type { LintIssue } from '@griot/flows';
import { flowsApi } from '../api/flowsApi.ts';
import { ApiError } from '../api/client.ts';
import { documentStore, useDocument } from '../store/documentStore.ts';
import { revealIssue } from '../checks/ChecksPanel.tsx';
import { saveDraft } from './draftSaver.ts';
import { refreshVersions } from './versionsStore.ts';
import { PublishIssues } from './PublishIssues.tsx';
import { PublishNotice } from './PublishNotice.tsx';
import { useCurrentLint, useLint } from '../checks/lintStore.ts';
import { runTestsLocally } from '../testing/runTestsLocally.ts';
import { FailingTestList } from '../testing/FailingTestList.tsx';
import { LinesReached } from './LinesReached.tsx';

/**
 * Publishes the saved draft as a new version, with a message. The errors the checks already know
 * show first and keep Publier disabled; the server's lint may still refuse (422). The flow's tests
 * run here too: failing ones are warnings, not a refusal, since a version may be tried in staging,
 * but production will refuse it while they fail, and the editor learns it now, not at promotion.
 */
export function PublishModal({ opened, onClose }: { opened: boolean; onClose(): void }) {
  const { t } = useTranslation();
  const [message, setMessage] = useState('');
  const [label, setLabel] = useState('');
  const [busy, setBusy] = useState(false);
  const [issues, setIssues] = useState<LintIssue[] | null>(null);
  useCurrentLint(opened);
  const lintIssues = useLint((s) => s.issues);
  const flowId = useDocument((s) => s.flowId);
  const doc = useDocument((s) => s.doc);
  const blocking = lintIssues.filter((i) => i.severity === 'error');
  const failingTests = useMemo(() => {
    const doc = opened ? documentStore.getState().doc : null;
    const run = doc && doc.tests.length > 0 ? runTestsLocally(doc) : null;
    // Each with the case as run, where it is: accepted only on that one (cases may share a name).
    return run?.ok ? run.report.cases.flatMap((c, index) => (c.passed ? [] : [{ ...c, index, ...(doc?.tests[index] ? { tested: doc.tests[index] } : {}) }])) : [];
    // Read again once « Accepter le résultat actuel » changed the cases.
  }, [opened, doc?.tests]);
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
      // Bottom left: at the bottom right (every other notice) it sat over the versions history, where the new version shows.
      notifications.show({ color: 'teal', title: t('publish.done', { n: version.number }), message: message.trim(), position: 'bottom-left' });
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
        {/* A version serves no line until it is promoted: which lines production would give it, and what changes there. */}
        {opened && flowId && <LinesReached flowId={flowId} environment="production" version="draft" draft={doc} heading={t('reach.afterPromotion', { environment: t('environments.production') })} />}
        <Textarea
          label={t('publish.message')}
          placeholder={t('publish.placeholder')}
          value={message}
          required
          autosize
          minRows={2}
          data-autofocus
          onChange={(e) => setMessage(e.currentTarget.value)}
        />
        <TextInput
          label={t('versionLabel.field')}
          description={t('versionLabel.help')}
          placeholder={t('versionLabel.placeholder')}
          maxLength={80}
          name="version-label"
          value={label}
          onChange={(e) => setLabel(e.currentTarget.value)}
        />
        {!issues && blocking.length > 0 && (
          <PublishIssues
            issues={lintIssues}
            title={t('publish.blocked', { count: blocking.length })}
            onReveal={(issue) => {
              revealIssue(issue);
              onClose();
            }}
          />
        )}
        {!issues && blocking.length === 0 && (
          <PublishNotice
            kind="productionOnly"
            issues={lintIssues}
            onReveal={(issue) => {
              revealIssue(issue);
              onClose();
            }}
          />
        )}
        {!issues && blocking.length === 0 && (
          <PublishNotice
            kind="stale"
            issues={lintIssues}
            onReveal={(issue) => {
              revealIssue(issue);
              onClose();
            }}
          />
        )}
        {failingTests.length > 0 && (
          <Alert color="orange" title={t('publish.testsFailing', { count: failingTests.length })} className="publish-tests-failing">
            <Stack gap={6}>
              <Text size="xs">{t('publish.testsFailingHelp')}</Text>
              <FailingTestList tests={failingTests} onOpen={onClose} canAccept />
            </Stack>
          </Alert>
        )}
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
          {/* Why Publier is greyed: the errors first, else the missing message (the field is above, often out of sight). */}
          {(blocking.length > 0 || !message.trim()) && (
            <Text size="xs" c={blocking.length > 0 ? 'red' : 'dimmed'} mr="auto" id="publish-blocked-reason" maw={360}>
              {blocking.length > 0 ? t('publish.blockedReason') : t('publish.messageNeeded')}
            </Text>
          )}
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button
            loading={busy}
            disabled={!message.trim() || blocking.length > 0}
            aria-describedby={blocking.length > 0 || !message.trim() ? 'publish-blocked-reason' : undefined}
            onClick={() => void publish()}
          >
            {t('publish.submit')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
