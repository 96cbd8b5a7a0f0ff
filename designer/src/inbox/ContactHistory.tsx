import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { HandoffHistoryItem } from '@griot/flows';
import { outcomeLabel } from './outcomeLabel.ts';

/** The caller's earlier contacts, newest first: day, time, channel, reason, how it ended (translated) and who handled it. */
export function ContactHistory({ history }: { history: HandoffHistoryItem[] }) {
  const { t } = useTranslation();
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
          {[item.day, item.time].join(' ')} · {t(`inbox.channels.${item.channel}`, { defaultValue: item.channel })} · {item.reason} · {outcomeLabel(t, item.outcome)}
          {item.agent ? ` · ${item.agent}` : ''}
        </li>
      ))}
    </ul>
  );
}
