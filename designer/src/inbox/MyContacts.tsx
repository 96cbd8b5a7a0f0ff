import { useId, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useUser } from '../app/sessionStore.ts';
import { ContactBlock } from './ContactBlock.tsx';
import { idsOfKey, myContactsKey } from './myContacts.ts';
import { useInbox } from './useInbox.ts';

/**
 * The contacts the agent holds, pinned above the queues (with their « nouveau message » marks):
 * however many wait, the agent's own conversations stay at the top of the column. Nothing when
 * the agent holds none.
 */
export function MyContacts() {
  const { t } = useTranslation();
  const headingId = useId();
  const me = useUser()?.username;
  const key = useInbox((s) => myContactsKey(s.contacts, me));
  const ids = useMemo(() => idsOfKey(key), [key]);
  if (ids.length === 0) return null;
  return (
    <section className="my-contacts" aria-labelledby={headingId}>
      <h3 id={headingId} className="queue-name">
        {t('inbox.mine')} <span className="count">({ids.length})</span>
      </h3>
      <ul className="contacts" aria-labelledby={headingId}>
        <ContactBlock ids={ids} />
      </ul>
    </section>
  );
}
