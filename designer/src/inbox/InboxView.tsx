import { useEffect } from 'react';
import { Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { inboxSync } from './inboxSync.ts';
import { QueueList } from './QueueList.tsx';
import { ContactDetail } from './ContactDetail.tsx';
import { CallbackList } from './CallbackList.tsx';
import { useInbox } from './useInbox.ts';

/** The agent's inbox: the queues, the contact open (its address is `/agent/contacts/:id`), the callbacks. */
export function InboxView({ contactId }: { contactId?: string | undefined }) {
  const { t } = useTranslation();
  const noCallbacks = useInbox((s) => s.callbacks.length === 0);
  useEffect(() => inboxSync.show(contactId ?? null), [contactId]);
  return (
    <div className="inbox-columns">
      <section className="inbox-column" aria-labelledby="inbox-queues-title" id="inbox-queues">
        <Title order={2} size="h4" id="inbox-queues-title" mb="sm">
          {t('inbox.queues')}
        </Title>
        <QueueList />
      </section>
      <section className="inbox-column" id="inbox-detail">
        {contactId ? <ContactDetail key={contactId} id={contactId} /> : <Text c="dimmed">{t('inbox.pick')}</Text>}
      </section>
      <aside className={`inbox-column${noCallbacks ? ' empty' : ''}`} aria-labelledby="inbox-callbacks-title" id="inbox-callbacks">
        <Title order={2} size="h4" id="inbox-callbacks-title" mb="sm">
          {t('inbox.callbacks')}
        </Title>
        <CallbackList />
      </aside>
    </div>
  );
}
