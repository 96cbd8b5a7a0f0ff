import { Alert, List, Text } from '@mantine/core';
import { IconPlugConnected } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { FlowUsage } from '../api/types.ts';
import { readableNumber } from '@griot/flows';

/** Why a flow cannot be archived: the environments that run it and the numbers that lead to it, and what to do. */
export function FlowUsageAlert({ usage }: { usage: FlowUsage }) {
  const { t } = useTranslation();
  const environment = (name: 'staging' | 'production') => t(`environments.${name}`);
  const channel = (name: string) => t(`archive.channels.${name}`, { defaultValue: name });
  return (
    <Alert color="red" variant="light" icon={<IconPlugConnected size={18} />} title={t('archive.inUseTitle')} data-testid="flow-in-use">
      <List size="sm" mb="xs">
        {usage.environments.map((e) => (
          <List.Item key={e.environment} data-environment={e.environment}>
            {t('archive.inUseEnvironment', { environment: environment(e.environment), version: e.version })}
          </List.Item>
        ))}
        {usage.bindings.map((b) => (
          <List.Item key={b.id} data-binding={`${b.channel}:${b.address}`}>
            {t('archive.inUseBinding', { channel: channel(b.channel), address: readableNumber(b.address), environment: environment(b.environment) })}
          </List.Item>
        ))}
      </List>
      <Text size="sm">{t('archive.inUseSteps')}</Text>
    </Alert>
  );
}
