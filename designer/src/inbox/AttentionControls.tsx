import { useState } from 'react';
import { Button, Group, Switch, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { setSoundOn, soundOn } from './attention.ts';
import { InboxShortcuts } from './InboxShortcuts.tsx';

type Permission = NotificationPermission | 'unsupported';

const permissionNow = (): Permission => (typeof Notification === 'undefined' ? 'unsupported' : Notification.permission);

/**
 * How the agent is told of a new contact while another tab is in front: desktop notifications
 * (asked only when the agent presses « Activer les notifications », never on load), a sound they
 * can turn off, and the keyboard shortcuts.
 */
export function AttentionControls() {
  const { t } = useTranslation();
  const [permission, setPermission] = useState<Permission>(permissionNow);
  const [sound, setSound] = useState(soundOn);
  const ask = async () => {
    try {
      setPermission(await Notification.requestPermission());
    } catch {
      setPermission(permissionNow());
    }
  };
  return (
    <Group gap="xs" mb="xs" className="attention-controls">
      {permission === 'default' && (
        <Button size="compact-xs" variant="light" onClick={() => void ask()}>
          {t('inbox.alert.enable')}
        </Button>
      )}
      {permission === 'granted' && (
        <Text size="xs" c="dimmed">
          {t('inbox.alert.enabled')}
        </Text>
      )}
      {permission === 'denied' && (
        <Text size="xs" c="dimmed">
          {t('inbox.alert.denied')}
        </Text>
      )}
      <Switch
        size="xs"
        label={t('inbox.alert.sound')}
        checked={sound}
        onChange={(e) => {
          const on = e.currentTarget.checked;
          setSound(on);
          setSoundOn(on);
        }}
      />
      <InboxShortcuts />
    </Group>
  );
}
