import { Alert, Text } from '@mantine/core';
import { IconUsersGroup } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { flowsApi } from '../../api/flowsApi.ts';
import { useDocument } from '../../store/documentStore.ts';
import { useFlowId } from '../../store/selectors.ts';
import { isolate } from '../../i18n/isolate.ts';

type Shared = Awaited<ReturnType<typeof flowsApi.sharedQueues>>['shared'];

/**
 * Which other flows hand over to this node's queue(s): a second line made from the « Service
 * client » template lands in the first line's queues, and their agents receive both lines' callers.
 * Asked again each time the draft is saved (the designer saves as one edits).
 */
export function SharedQueueNotice({ nodeId }: { nodeId: string }) {
  const { t } = useTranslation();
  const flowId = useFlowId();
  const savedDoc = useDocument((s) => s.savedDoc);
  const [shared, setShared] = useState<Shared>([]);
  useEffect(() => {
    if (!flowId || !savedDoc) return;
    let current = true;
    flowsApi.sharedQueues(flowId).then(
      (answer) => current && setShared(answer.shared),
      // Only a notice: the inspector works without it.
      () => current && setShared([]),
    );
    return () => {
      current = false;
    };
  }, [flowId, savedDoc]);
  const mine = shared.filter((s) => s.nodeId === nodeId);
  if (mine.length === 0) return null;
  return (
    <Alert color="orange" icon={<IconUsersGroup size={18} />} data-shared-queues p="xs">
      {mine.map((s) => (
        <Text size="xs" key={s.queue} data-shared-queue={s.queue}>
          {t('nodes.handoff.sharedQueue', { queue: s.queue, flows: s.flows.map((f) => `« ${isolate(f.name)} »`).join(', ') })}
        </Text>
      ))}
      <Text size="xs" c="dimmed" mt={4}>
        {t('nodes.handoff.sharedQueueHelp')}
      </Text>
    </Alert>
  );
}
