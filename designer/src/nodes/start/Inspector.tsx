import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { NodeOf } from '@griot/flows';

export function StartInspector(_: { node: NodeOf<'start'> }) {
  const { t } = useTranslation();
  return (
    <Text size="sm" c="dimmed">
      {t('nodes.start.help')}
    </Text>
  );
}
