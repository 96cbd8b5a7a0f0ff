import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { QueueSection } from './QueueSection.tsx';
import { useInbox } from './useInbox.ts';

/** One section per queue, by name; a queue once seen stays (at zero) until the page is reloaded. */
export function QueueList() {
  const { t } = useTranslation();
  const names = useInbox((s) => s.queueNames);
  if (names.length === 0) return <Text c="dimmed">{t('inbox.nobodyWaiting')}</Text>;
  return (
    <div className="queue-list">
      {names.map((name) => (
        <QueueSection key={name} queue={name} />
      ))}
    </div>
  );
}
