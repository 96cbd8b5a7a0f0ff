import { Button, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { HandoffContact } from '@griot/flows';
import { inboxSync } from './inboxSync.ts';
import { callbackDue } from './queueFigures.ts';
import { useServerNow } from './serverClock.ts';
import { useInbox } from './useInbox.ts';
import { isCallable } from './callerLabel.ts';

/** Take a waiting contact or turn it into a callback request (a caller with a number a phone can dial); hand a messaging conversation of one's own back to the bot. */
export function ContactActions({ contact, mine }: { contact: HandoffContact; mine: boolean }) {
  const { t } = useTranslation();
  const settings = useInbox((s) => s.settings[contact.queue]);
  const now = useServerNow();
  const waiting = contact.status === 'waiting';
  const release = mine && contact.channel !== 'voice';
  if (!waiting && !release) return null;
  return (
    <Group gap="xs" className="contact-actions">
      {waiting && <Button onClick={() => void inboxSync.act(contact.id, { kind: 'take' })}>{t('inbox.take')}</Button>}
      {waiting && isCallable(contact.callerNumber) && (
        <Button
          variant={callbackDue(contact, settings, now) ? 'filled' : 'default'}
          color={callbackDue(contact, settings, now) ? 'orange' : undefined}
          onClick={() => void inboxSync.act(contact.id, { kind: 'callback' })}
        >
          {t('inbox.callbackOffer')}
        </Button>
      )}
      {release && (
        <Button variant="default" onClick={() => void inboxSync.act(contact.id, { kind: 'release' })}>
          {t('inbox.release')}
        </Button>
      )}
    </Group>
  );
}
