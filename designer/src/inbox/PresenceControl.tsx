import { useEffect, useState } from 'react';
import { Alert, Group, SegmentedControl, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useApiErrorText } from '../admin/useApiErrorText.ts';
import { choosePresence, loadMyPresence, usePresence } from './presenceStore.ts';

/**
 * The agent's own state, above their queues: « Disponible » (offered new contacts) or « En pause »
 * (keeps what they hold, offered nothing new). Offline (a supervisor set them so, or the server
 * has not seen their page yet) neither is chosen, and the reason is written under it.
 */
export function PresenceControl() {
  const { t } = useTranslation();
  const errorText = useApiErrorText();
  const mine = usePresence((s) => s.mine);
  const [failed, setFailed] = useState<string | null>(null);
  useEffect(() => {
    void loadMyPresence();
  }, []);
  const state = mine?.state;
  const choose = (value: string) => {
    setFailed(null);
    choosePresence(value as 'available' | 'paused').catch((error: unknown) => setFailed(t('inbox.presence.failed', { message: errorText(error) })));
  };
  return (
    <div className="presence-control" data-presence={state ?? 'unknown'}>
      <Group gap="xs" mb={4} align="center">
        <Text size="sm" fw={600} id="presence-label">
          {t('inbox.presence.label')}
        </Text>
        <SegmentedControl
          size="xs"
          aria-labelledby="presence-label"
          value={state === 'available' || state === 'paused' ? state : ''}
          onChange={choose}
          color={state === 'paused' ? 'orange' : 'teal'}
          data={[
            { value: 'available', label: t('inbox.presence.available') },
            { value: 'paused', label: t('inbox.presence.paused') },
          ]}
        />
      </Group>
      {state === 'paused' && (
        <Text size="xs" c="dimmed" mb="xs">
          {t('inbox.presence.pausedHint')}
        </Text>
      )}
      {state === 'offline' && (
        <Alert color="orange" p="xs" mb="xs" role="status">
          {mine?.changedBy ? t('inbox.presence.offlineBy', { by: mine.changedBy }) : t('inbox.presence.offline')}
        </Alert>
      )}
      {failed && (
        <Alert color="red" p="xs" mb="xs">
          {failed}
        </Alert>
      )}
    </div>
  );
}
