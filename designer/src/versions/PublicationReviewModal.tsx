import { useEffect, useState } from 'react';
import { Alert, Badge, Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { IconGitCompare } from '@tabler/icons-react';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import type { FlowDiff } from '@griot/flows';
import { publicationApi, type PublicationRequestDetail } from '../api/publicationApi.ts';
import { flowsApi } from '../api/flowsApi.ts';
import { can, useUser } from '../app/sessionStore.ts';
import { DiffView } from './DiffView.tsx';
import { refreshVersions } from './versionsStore.ts';
import { closeReview, publicationStore, refreshPublication, refreshPublicationOfFlow, usePublication } from './publicationStore.ts';
import { STATUS_COLOR } from './PublicationRequests.tsx';
import { PublishNotice } from './PublishNotice.tsx';
import { recordingsMissingFor } from './recordingsMissing.ts';
import { LinesReached } from './LinesReached.tsx';
import { principalName } from './savedBy.ts';

/**
 * A publisher opens a request: the comment, the lint and the tests of the requested draft, what
 * changes against what staging (or production) runs, shown by the versions panel's diff view; then
 * approves (publishes and promotes it) or refuses it with a reason.
 */
export function PublicationReviewModal() {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const reviewing = usePublication((s) => s.reviewing);
  const [request, setRequest] = useState<PublicationRequestDetail | null>(null);
  const [diff, setDiff] = useState<{ from: number; diff: FlowDiff } | 'first' | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState<'approve' | 'refuse' | 'diff' | null>(null);

  useEffect(() => {
    setRequest(null);
    setDiff(null);
    setReason('');
    if (!reviewing) return;
    publicationApi.get(reviewing.flowId, reviewing.id).then(setRequest, (e: Error) => {
      notifications.show({ color: 'red', title: t('common.failed'), message: e.message });
      closeReview();
    });
  }, [reviewing, t]);

  const after = async (flowId: string) => {
    await Promise.all([refreshVersions(flowId), refreshPublicationOfFlow(flowId), refreshPublication({ publisher: can.promoteProduction(user), editor: can.edit(user) })]);
  };
  const showDiff = async () => {
    if (!request) return;
    setBusy('diff');
    try {
      const from = request.environments.staging ?? request.environments.production ?? (await flowsApi.versions(request.flowId)).reduce<number | null>((n, v) => Math.max(n ?? 0, v.number), null);
      setDiff(from === null ? 'first' : { from, diff: await flowsApi.diff(request.flowId, from, 'draft') });
    } catch (e) {
      notifications.show({ color: 'red', title: t('common.failed'), message: (e as Error).message });
    } finally {
      setBusy(null);
    }
  };
  const decide = async (action: 'approve' | 'refuse') => {
    if (!request) return;
    setBusy(action);
    try {
      const done = action === 'approve' ? await publicationApi.approve(request.flowId, request.id) : await publicationApi.refuse(request.flowId, request.id, reason.trim());
      notifications.show({
        color: action === 'approve' ? 'teal' : 'gray',
        message:
          action === 'approve' ? t('publication.approvedDone', { n: done.version ?? 0, environments: done.targets.map((e) => t(`environments.${e}`)).join(' + ') }) : t('publication.refusedDone'),
      });
      closeReview();
      await after(request.flowId);
    } catch (e) {
      notifications.show({ color: 'red', title: t('common.failed'), message: (e as Error).message, autoClose: 15000 });
      await after(request.flowId);
      if (publicationStore.getState().reviewing) setRequest(await publicationApi.get(request.flowId, request.id).catch(() => request));
    } finally {
      setBusy(null);
    }
  };

  const errors = request?.checks?.lint.filter((i) => i.severity === 'error').length ?? 0;
  const warnings = request?.checks?.lint.filter((i) => i.severity === 'warning').length ?? 0;
  const tests = request?.checks?.tests;
  // Approving would be refused for production (422 recordings_missing): the publisher sees why before.
  const missing = request ? recordingsMissingFor(request.targets, request.checks?.lint ?? []) : [];
  const open = request?.status === 'pending' || request?.status === 'approving';
  return (
    <Modal opened={reviewing !== null} onClose={closeReview} title={t('publication.reviewTitle', { flow: request?.flowName ?? '' })} centered size="xl">
      {request && (
        <Stack gap="sm" data-publication-review={request.id}>
          <Group gap={6}>
            <Badge color={STATUS_COLOR[request.status]}>{t(`publication.status.${request.status}`)}</Badge>
            <Text size="sm">{t('publication.to', { environments: request.targets.map((e) => t(`environments.${e}`)).join(' + ') })}</Text>
          </Group>
          <Text size="xs" c="dimmed">
            {t('publication.askedBy', { user: principalName(request.requestedBy, t), revision: request.draftRevision, date: new Date(request.requestedAt).toLocaleString(i18n.language) })}
          </Text>
          {request.comment && (
            <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-request-comment>
              {request.comment}
            </Text>
          )}
          {request.outdated && (
            <Alert color="orange" data-request-outdated>
              {t('publication.outdatedHelp', { revision: request.currentRevision ?? 0, requested: request.draftRevision })}
            </Alert>
          )}
          {request.checks && (
            <Stack gap={4} data-request-checks>
              <Text size="sm" c={errors > 0 ? 'red' : 'teal'} data-check="lint">
                {errors > 0
                  ? t('publication.lintErrors', { errors: t('publication.errorCount', { count: errors }), warnings: t('publication.warningCount', { count: warnings }) })
                  : warnings > 0
                    ? t('publication.lintClean', { warnings: t('publication.warningCount', { count: warnings }) })
                    : t('publication.lintCleanNone')}
              </Text>
              {tests && (
                <Text size="sm" c={tests.failed > 0 ? 'red' : 'teal'} data-check="tests">
                  {tests.total === 0
                    ? t('publication.noTests')
                    : tests.failed > 0
                      ? t('publication.testsFailing', { count: tests.failed, total: tests.total })
                      : t('publication.testsPass', { count: tests.total })}
                </Text>
              )}
              {tests?.failures.map((f) => (
                <Text key={f.name} size="xs" c="red" pl="sm">
                  {f.name}
                </Text>
              ))}
            </Stack>
          )}
          {/* The lines approving puts it on, per environment asked for: the draft the server holds is the request's while it is not outdated. */}
          {open &&
            !request.outdated &&
            (['staging', 'production'] as const).filter((e) => request.targets.includes(e)).map((e) => <LinesReached key={e} flowId={request.flowId} environment={e} version="draft" />)}
          {open && missing.length > 0 && (
            <PublishNotice kind="productionOnly" issues={missing} title={t('publication.recordingsMissingTitle', { count: missing.length })} help={t('publication.recordingsMissingReview')} />
          )}
          {open && !request.outdated && (
            <Group>
              <Button size="xs" variant="light" leftSection={<IconGitCompare size={14} />} loading={busy === 'diff'} onClick={() => void showDiff()} data-action="show-request-diff">
                {t('publication.showDiff')}
              </Button>
            </Group>
          )}
          {diff === 'first' && <Text size="sm">{t('publication.firstVersion')}</Text>}
          {diff && diff !== 'first' && (
            <Stack gap={4}>
              <Text size="xs" c="dimmed">
                {t('publication.diffAgainst', { n: diff.from })}
              </Text>
              <DiffView diff={diff.diff} />
            </Stack>
          )}
          {open && can.promoteProduction(user) && (
            <>
              <Textarea label={t('publication.reason')} value={reason} maxLength={2000} autosize minRows={2} onChange={(e) => setReason(e.currentTarget.value)} />
              <Group justify="flex-end">
                <Button variant="default" color="red" loading={busy === 'refuse'} disabled={!reason.trim() || busy !== null} onClick={() => void decide('refuse')} data-action="refuse-publication">
                  {t('publication.refuse')}
                </Button>
                <Button color="teal" loading={busy === 'approve'} disabled={request.outdated || busy !== null} onClick={() => void decide('approve')} data-action="approve-publication">
                  {t('publication.approve')}
                </Button>
              </Group>
            </>
          )}
        </Stack>
      )}
    </Modal>
  );
}
