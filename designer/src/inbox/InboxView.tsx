import { useEffect } from 'react';
import { Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { inboxSync } from './inboxSync.ts';
import { QueueList } from './QueueList.tsx';
import { MyContacts } from './MyContacts.tsx';
import { ContactDetail } from './ContactDetail.tsx';
import { CallbackList } from './CallbackList.tsx';
import { useInbox } from './useInbox.ts';
import { AttentionControls } from './AttentionControls.tsx';
import { PresenceControl } from './PresenceControl.tsx';
import { contactPath, replaceRoute } from '../app/router.ts';
import { useUser } from '../app/sessionStore.ts';

/** Reopened once per page: a reload (or a new tab) at /agent. */
let reopenTried = false;

/**
 * Opened at /agent (a reload, a new tab) while the agent holds exactly one contact: that contact
 * opens, as it was before the reload. Once per page: the agent who leaves it is not brought back.
 */
function useReopenHeldContact(contactId: string | undefined): void {
  const me = useUser()?.username;
  const held = useInbox((s) => {
    if (!s.listed || !me) return undefined;
    const mine = Object.values(s.contacts).filter((c) => c.status === 'assigned' && c.agent === me);
    return mine.length === 1 ? mine[0]?.id : null;
  });
  useEffect(() => {
    if (contactId) reopenTried = true;
    if (reopenTried || held === undefined) return;
    reopenTried = true;
    if (held) replaceRoute(contactPath(held));
  }, [contactId, held]);
}

/** The agent's inbox: the queues, the contact open (its address is `/agent/contacts/:id`), the callbacks. */
export function InboxView({ contactId }: { contactId?: string | undefined }) {
  const { t } = useTranslation();
  const noCallbacks = useInbox((s) => s.callbacks.length === 0);
  useEffect(() => inboxSync.show(contactId ?? null), [contactId]);
  useReopenHeldContact(contactId);
  return (
    <div className="inbox-columns">
      <section className="inbox-column" aria-labelledby="inbox-queues-title" id="inbox-queues">
        <Title order={2} size="h4" id="inbox-queues-title" mb="xs" tabIndex={-1}>
          {t('inbox.queues')}
        </Title>
        <PresenceControl />
        <AttentionControls />
        {/* The agent's own contacts first, however many wait: then the queues. */}
        <MyContacts />
        <QueueList />
      </section>
      <section className="inbox-column" id="inbox-detail">
        {contactId ? <ContactDetail key={contactId} id={contactId} /> : <Text c="dimmed">{t('inbox.pick')}</Text>}
      </section>
      <aside className={`inbox-column${noCallbacks ? ' empty' : ''}`} aria-labelledby="inbox-callbacks-title" id="inbox-callbacks">
        <Title order={2} size="h4" id="inbox-callbacks-title" mb="sm" tabIndex={-1}>
          {t('inbox.callbacks')}
        </Title>
        <CallbackList />
      </aside>
    </div>
  );
}
