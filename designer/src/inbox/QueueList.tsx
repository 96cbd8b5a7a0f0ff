import { Button, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { QueueSection } from './QueueSection.tsx';
import { TAKE_NEXT_ID, takeNextAnywhere } from './agentKeys.ts';
import { useInbox } from './useInbox.ts';

const NONE: string[] = [];

/**
 * One « Prendre le suivant » across the agent's queues (priority first, then the longest
 * waiting; when nobody waits, the callback due first), then a section per queue with someone in it, by name; the queues with nobody are
 * folded under one line. A queue once seen stays (at zero) until the page is reloaded.
 */
export function QueueList() {
  const { t } = useTranslation();
  const names = useInbox((s) => s.queueNames);
  const busy = useInbox((s) => names.filter((name) => (s.queues[name] ?? NONE).length > 0).join('\n'));
  // Someone waiting on a line, or a callback whose time came: « Prendre le suivant » takes it.
  const anyWaiting = useInbox((s) => Object.values(s.contacts).some((c) => c.status === 'waiting') || Object.keys(s.dueCallbacks).length > 0);
  if (names.length === 0) return <Text c="dimmed">{t('inbox.nobodyWaiting')}</Text>;
  const shown = busy === '' ? NONE : busy.split('\n');
  const empty = names.filter((name) => !shown.includes(name));
  return (
    <div className="queue-list">
      <Button id={TAKE_NEXT_ID} fullWidth mb="sm" disabled={!anyWaiting} title="Alt+N" onClick={() => void takeNextAnywhere()}>
        {t('inbox.takeNext')}
      </Button>
      {shown.map((name) => (
        <QueueSection key={name} queue={name} />
      ))}
      {empty.length > 0 && (
        <details className="empty-queues">
          <summary>{t('inbox.emptyQueues', { count: empty.length })}</summary>
          {empty.map((name) => (
            <QueueSection key={name} queue={name} />
          ))}
        </details>
      )}
    </div>
  );
}
