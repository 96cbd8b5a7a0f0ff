import { useState } from 'react';
import { Alert, Button, Stack, Text } from '@mantine/core';
import { IconSend } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { can, useUser } from '../app/sessionStore.ts';
import { RequestPublicationModal } from './RequestPublicationModal.tsx';
import { usePublication } from './publicationStore.ts';

/**
 * Said in the versions panel to an editor whose latest version calls the operator's systems and
 * no publisher vetted it yet: staging takes it only from a publisher (docs/api.md, "Who puts what
 * in staging"), so the way on is a publication request, offered right here. Nothing while a
 * request is open: the publisher already has it.
 */
export function StagingNeedsPublisherNotice({ flowId, version, lookups }: { flowId: string; version: number; lookups: readonly string[] }) {
  const { t } = useTranslation();
  const user = useUser();
  const [asking, setAsking] = useState(false);
  const open = usePublication((s) => s.ofFlow?.flowId === flowId && s.ofFlow.requests.some((r) => r.status === 'pending' || r.status === 'approving'));
  if (open) return null;
  return (
    <Alert color="yellow" variant="light" p="sm" data-staging-needs-publisher={version}>
      <Stack gap={6} align="flex-start">
        <Text size="sm">{t('environments.versionNeedsPublisher', { n: version, nodes: lookups.join(', ') })}</Text>
        {can.edit(user) && (
          <Button size="xs" variant="light" color="teal" leftSection={<IconSend size={14} />} onClick={() => setAsking(true)} data-action="request-publication-staging">
            {t('publication.ask')}
          </Button>
        )}
      </Stack>
      <RequestPublicationModal opened={asking} onClose={() => setAsking(false)} />
    </Alert>
  );
}
