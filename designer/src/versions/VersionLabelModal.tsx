import { useEffect, useState } from 'react';
import { Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { flowsApi } from '../api/flowsApi.ts';
import type { VersionSummary } from '../api/types.ts';
import { refreshVersions } from './versionsStore.ts';

/** Names a published version ("Ramadan 2027"), renames it, or removes its name. */
export function VersionLabelModal({ flowId, version, onClose }: { flowId: string; version: VersionSummary | null; onClose(): void }) {
  const { t } = useTranslation();
  const [label, setLabel] = useState('');
  const [busy, setBusy] = useState(false);
  useEffect(() => setLabel(version?.label ?? ''), [version]);
  if (!version) return null;

  const save = async (value: string | null) => {
    setBusy(true);
    try {
      const saved = await flowsApi.labelVersion(flowId, version.number, value);
      notifications.show({
        color: 'teal',
        message: saved.label ? t('versionLabel.saved', { n: version.number, label: saved.label }) : t('versionLabel.removed', { n: version.number }),
      });
      await refreshVersions(flowId);
      onClose();
    } catch (e) {
      notifications.show({ color: 'red', title: t('common.failed'), message: (e as Error).message });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened onClose={onClose} title={t('versionLabel.title', { n: version.number })} centered>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save(label.trim() || null);
        }}
      >
        <Stack>
          <TextInput
            label={t('versionLabel.field')}
            description={t('versionLabel.help')}
            placeholder={t('versionLabel.placeholder')}
            maxLength={80}
            value={label}
            data-autofocus
            name="version-label"
            onChange={(e) => setLabel(e.currentTarget.value)}
          />
          <Group justify="space-between">
            {version.label ? (
              <Button variant="subtle" color="red" onClick={() => void save(null)} disabled={busy}>
                {t('versionLabel.remove')}
              </Button>
            ) : (
              <span />
            )}
            <Group>
              <Button variant="default" onClick={onClose}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={busy} disabled={!label.trim() || label.trim() === version.label}>
                {t('common.save')}
              </Button>
            </Group>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
