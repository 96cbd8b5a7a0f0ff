import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { CallbackItem } from './CallbackItem.tsx';
import { callbacksByWhen } from './callbackOrder.ts';
import { useServerNow } from './serverClock.ts';
import { useInbox } from './useInbox.ts';

/** Callers waiting to be called back, by when to call them (the time promised, else the request's); those due now marked. */
export function CallbackList() {
  const { t } = useTranslation();
  const callbacks = useInbox((s) => s.callbacks);
  // Ticking: a callback promised for 16:30 is marked due at 16:30 without a reload.
  const now = useServerNow();
  if (callbacks.length === 0)
    return (
      <Text size="sm" c="dimmed">
        {t('inbox.none')}
      </Text>
    );
  return (
    <ul className="callbacks" aria-labelledby="inbox-callbacks-title">
      {callbacksByWhen(callbacks, now).map(({ request, due }) => (
        <CallbackItem key={request.id} request={request} due={due} />
      ))}
    </ul>
  );
}
