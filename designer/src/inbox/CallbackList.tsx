import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { CallbackItem } from './CallbackItem.tsx';
import { useInbox } from './useInbox.ts';

/** Callers waiting to be called back, oldest first. */
export function CallbackList() {
  const { t } = useTranslation();
  const callbacks = useInbox((s) => s.callbacks);
  if (callbacks.length === 0)
    return (
      <Text size="sm" c="dimmed">
        {t('inbox.none')}
      </Text>
    );
  return (
    <ul className="callbacks" aria-labelledby="inbox-callbacks-title">
      {callbacks.map((request) => (
        <CallbackItem key={request.id} request={request} />
      ))}
    </ul>
  );
}
