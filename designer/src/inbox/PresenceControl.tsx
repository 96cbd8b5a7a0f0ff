import { useEffect, useState } from 'react';
import { Alert, Group, SegmentedControl, Select, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useApiErrorText } from '../admin/useApiErrorText.ts';
import { choosePresence, loadMyPresence, loadPauseReasons, usePresence } from './presenceStore.ts';
import { useServerNow } from './serverClock.ts';
import { secondsSince, stateDuration } from './stateDuration.ts';

/**
 * The agent's own state, above their queues: « Disponible » (offered new contacts) or « En pause »
 * (keeps what they hold, offered nothing new). Offline (a supervisor set them so, or the server
 * has not seen their page yet) neither is chosen, and the reason is written under it. Paused, they
 * say why (« Motif de la pause », the operator's list) and read for how long.
 */
export function PresenceControl() {
  const { t } = useTranslation();
  const errorText = useApiErrorText();
  const mine = usePresence((s) => s.mine);
  const reasons = usePresence((s) => s.reasons);
  const now = useServerNow();
  const [failed, setFailed] = useState<string | null>(null);
  useEffect(() => {
    void loadMyPresence();
    loadPauseReasons();
  }, []);
  const state = mine?.state;
  const choose = (value: string, reason?: string) => {
    setFailed(null);
    choosePresence(value as 'available' | 'paused', reason).catch((error: unknown) => setFailed(t('inbox.presence.failed', { message: errorText(error) })));
  };
  const duration = stateDuration(secondsSince(mine?.since, now));
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
        <>
          {reasons.length > 0 && (
            <Select
              size="xs"
              mb={4}
              label={t('inbox.presence.reason')}
              placeholder={t('inbox.presence.reasonNone')}
              data={reasons.map((r) => r.label)}
              value={mine?.reason ?? null}
              allowDeselect={false}
              onChange={(reason) => reason && choose('paused', reason)}
              comboboxProps={{ withinPortal: true }}
            />
          )}
          <Text size="xs" fw={600} c="orange.8" data-testid="my-pause">
            {mine?.reason ? t('inbox.presence.pausedSince', { reason: mine.reason, duration }) : t('inbox.presence.pausedSinceNoReason', { duration })}
          </Text>
          <Text size="xs" c="dimmed" mb="xs">
            {t('inbox.presence.pausedHint')}
          </Text>
        </>
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
