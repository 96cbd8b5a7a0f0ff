import { useEffect } from 'react';
import { Badge, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { publicationApi, type PublicationRequest, type PublicationStatus } from '../api/publicationApi.ts';
import { can, useUser } from '../app/sessionStore.ts';
import { openReview, refreshPublicationOfFlow, usePublication } from './publicationStore.ts';
import { principalName } from './savedBy.ts';

const NONE: PublicationRequest[] = [];

export const STATUS_COLOR: Record<PublicationStatus, string> = {
  pending: 'blue',
  approving: 'yellow',
  approved: 'green',
  refused: 'red',
  withdrawn: 'gray',
  superseded: 'gray',
};

/** The flow's requests to publish in the versions panel: open ones first, then the last decisions. */
export function PublicationRequests({ flowId }: { flowId: string }) {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const ofFlow = usePublication((s) => (s.ofFlow?.flowId === flowId ? s.ofFlow.requests : NONE));
  useEffect(() => {
    if (flowId) void refreshPublicationOfFlow(flowId);
  }, [flowId]);
  const shown = ofFlow.filter((r) => r.status === 'pending' || r.status === 'approving').concat(ofFlow.filter((r) => r.status !== 'pending' && r.status !== 'approving').slice(0, 3));
  if (shown.length === 0) return null;

  const withdraw = async (request: PublicationRequest) => {
    try {
      await publicationApi.withdraw(flowId, request.id);
    } catch (e) {
      notifications.show({ color: 'red', title: t('common.failed'), message: (e as Error).message });
    }
    await refreshPublicationOfFlow(flowId);
  };

  return (
    <Stack gap={6} data-publication-requests>
      <Text size="xs" fw={700} c="dimmed" tt="uppercase">
        {t('publication.requests')}
      </Text>
      {shown.map((r) => (
        <Paper key={r.id} withBorder radius="md" p="xs" data-publication-request={r.id} data-status={r.status}>
          <Group justify="space-between" wrap="nowrap" gap={6}>
            <Group gap={6}>
              <Badge size="xs" color={STATUS_COLOR[r.status]} data-request-status>
                {t(`publication.status.${r.status}`)}
              </Badge>
              {r.outdated && (
                <Badge size="xs" color="orange" variant="light" data-request-outdated>
                  {t('publication.outdated')}
                </Badge>
              )}
              <Text size="xs">{r.targets.map((target) => t(`environments.${target}`)).join(' + ')}</Text>
            </Group>
            <Group gap={4} wrap="nowrap">
              {can.promoteProduction(user) && r.status === 'pending' && (
                <Button size="compact-xs" variant="light" onClick={() => openReview(flowId, r.id)} data-action="review-publication">
                  {t('publication.review')}
                </Button>
              )}
              {user?.username === r.requestedBy && r.status === 'pending' && (
                <Button size="compact-xs" variant="subtle" color="gray" onClick={() => void withdraw(r)} data-action="withdraw-publication">
                  {t('publication.withdraw')}
                </Button>
              )}
            </Group>
          </Group>
          {r.comment && (
            <Text size="sm" mt={4} style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} lineClamp={4}>
              {r.comment}
            </Text>
          )}
          <Text size="xs" c="dimmed">
            {t('publication.askedBy', { user: principalName(r.requestedBy, t), revision: r.draftRevision, date: new Date(r.requestedAt).toLocaleString(i18n.language) })}
          </Text>
          {r.status === 'approved' && r.version !== undefined && (
            <Text size="xs" c="green" data-request-outcome>
              {t('publication.approvedAs', { user: principalName(r.decidedBy ?? '', t), n: r.version })}
            </Text>
          )}
          {r.status === 'refused' && (
            <Text size="xs" c="red" data-request-outcome style={{ overflowWrap: 'anywhere' }}>
              {t('publication.refusedBy', { user: principalName(r.decidedBy ?? '', t), reason: r.reason ?? '' })}
            </Text>
          )}
        </Paper>
      ))}
    </Stack>
  );
}
