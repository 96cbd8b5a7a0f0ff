import { useLayoutEffect, useRef, type ReactNode } from 'react';
import { Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { HandoffContact, HandoffMessage } from '@griot/flows';
import { callerLabel } from './callerLabel.ts';

/**
 * A messaging conversation: the messages as a log (kept scrolled to the end if it was); the reply
 * box follows it (ContactDetail). `before` (what the subscriber and the bot said before the
 * handover) opens the log: one scroll reads the whole exchange, and it gets the log's height.
 */
export function Conversation({ contact, messages, before }: { contact: HandoffContact; messages: HandoffMessage[]; before?: ReactNode }) {
  const { t, i18n } = useTranslation();
  const log = useRef<HTMLOListElement>(null);
  const atEnd = useRef(true);
  useLayoutEffect(() => {
    const element = log.current;
    if (element && atEnd.current) element.scrollTop = element.scrollHeight;
  }, [messages.length, Boolean(before)]);
  const clock = (iso: string) => new Date(iso).toLocaleTimeString(i18n.language, { hour: '2-digit', minute: '2-digit' });
  return (
    <section className="conversation" aria-label={t('inbox.conversation')}>
      <Title order={3} size="h5" mt={6} mb={4}>
        {t('inbox.conversation')}
      </Title>
      <ol
        ref={log}
        className="messages"
        role="log"
        aria-live="polite"
        aria-label={t('inbox.conversation')}
        onScroll={(e) => {
          const element = e.currentTarget;
          atEnd.current = element.scrollTop + element.clientHeight >= element.scrollHeight - 8;
        }}
      >
        {before && <li className="bot-part">{before}</li>}
        {messages.map((message) => (
          <li key={message.id} className={`msg ${message.from}`} data-message-id={message.id}>
            <span className="small">
              {message.from === 'agent' ? (message.author ?? t('inbox.you')) : <bdi dir="ltr">{callerLabel(t, contact.callerNumber)}</bdi>} · {clock(message.at)}
            </span>
            <span className="text">{message.text}</span>
            {message.undelivered !== undefined && <span className="small undelivered">{t('inbox.undelivered')}</span>}
          </li>
        ))}
      </ol>
    </section>
  );
}
