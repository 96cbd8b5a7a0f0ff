import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { HandoffHistoryItem } from '@griot/flows';
import { historyEnding } from './outcomeLabel.ts';

/** The caller's earlier contacts, newest first: day and time (the browser's zone, the page's language), channel, reason, how it ended (translated) and who handled it. */
export function ContactHistory({ history }: { history: HandoffHistoryItem[] }) {
  const { t, i18n } = useTranslation();
  // In the browser's zone and the page's language, like every other time of the inbox.
  const when = (item: HandoffHistoryItem) => (item.at ? new Intl.DateTimeFormat(i18n.language, { dateStyle: 'short', timeStyle: 'short' }).format(new Date(item.at)) : `${item.day} ${item.time}`);
  if (history.length === 0)
    return (
      <Text size="sm" c="dimmed">
        {t('inbox.none')}
      </Text>
    );
  return (
    <ul className="history">
      {history.map((item, index) => (
        <li key={index}>
          {when(item)} · {t(`inbox.channels.${item.channel}`, { defaultValue: item.channel })} · {historyEnding(t, item.reason, item.outcome)}
          {item.agent ? ` · ${item.agent}` : ''}
        </li>
      ))}
    </ul>
  );
}
