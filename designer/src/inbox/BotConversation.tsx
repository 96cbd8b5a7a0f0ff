import { Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { BotTurn, HandoffContact } from '@griot/flows';
import { callerLabel } from './callerLabel.ts';
import { turnText } from './turnText.ts';

/**
 * What the subscriber and the bot said before the handover (from the session's transcript, masked
 * as transcripts are), above the conversation with agents, each line marked as the bot's or the
 * subscriber's.
 */
export function BotConversation({ contact, turns }: { contact: HandoffContact; turns: BotTurn[] }) {
  const { t, i18n } = useTranslation();
  const clock = (iso: string) => new Date(iso).toLocaleTimeString(i18n.language, { hour: '2-digit', minute: '2-digit' });
  return (
    <section className="bot-conversation" aria-label={t('inbox.withBot')}>
      <Title order={3} size="h5" mt="md" mb={4}>
        {t('inbox.withBot')}
      </Title>
      {turns.length === 0 ? (
        <Text size="sm" className="note">
          {t('inbox.withBotNone')}
        </Text>
      ) : (
        <ol className="messages bot-turns" aria-label={t('inbox.withBot')}>
          {turns.map((turn, index) => (
            <li key={index} className={`msg ${turn.from === 'bot' ? 'bot' : 'subscriber'}`}>
              <span className="small">
                {turn.from === 'bot' ? t('inbox.bot') : <bdi dir="ltr">{callerLabel(t, contact.callerNumber)}</bdi>} · {clock(turn.at)}
              </span>
              <span className="text">{turnText(t, turn.text, i18n.language)}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
