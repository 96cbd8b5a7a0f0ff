import { Button, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { HandoffContact } from '@griot/flows';
import { focusAfterLeaving } from './agentKeys.ts';
import { inboxSync } from './inboxSync.ts';
import { callbackDue } from './queueFigures.ts';
import { useServerNow } from './serverClock.ts';
import { useInbox } from './useInbox.ts';
import { useNotTaking } from './presenceStore.ts';
import { isCallable } from './callerLabel.ts';
import { CallbackScheduler } from './CallbackScheduler.tsx';

/** Take a waiting contact; turn it, or a messaging conversation of one's own, into a callback request at a time told to the caller (a caller with a number a phone can dial); hand a messaging conversation of one's own back to the bot. */
export function ContactActions({ contact, mine }: { contact: HandoffContact; mine: boolean }) {
  const { t } = useTranslation();
  const settings = useInbox((s) => s.settings[contact.queue]);
  const now = useServerNow();
  const notTaking = useNotTaking();
  const waiting = contact.status === 'waiting';
  const release = mine && contact.channel !== 'voice';
  // A callback for a caller a phone can dial: while they wait, or during a conversation the agent holds.
  const callback = isCallable(contact.callerNumber) && (waiting || release);
  if (!waiting && !release) return null;
  return (
    <Group gap="xs" className="contact-actions">
      {waiting && (
        <Button disabled={notTaking !== null} aria-describedby={notTaking ? 'not-taking-contact' : undefined} onClick={() => void inboxSync.act(contact.id, { kind: 'take' })}>
          {t('inbox.take')}
        </Button>
      )}
      {waiting && notTaking && (
        <Text size="xs" c="orange.8" id="not-taking-contact">
          {t(notTaking === 'paused' ? 'inbox.presence.notTakingPaused' : 'inbox.presence.notTakingOffline')}
        </Text>
      )}
      {callback && <CallbackScheduler contact={contact} due={callbackDue(contact, settings, now)} />}
      {release && (
        <Button
          variant="default"
          onClick={() =>
            void inboxSync.act(contact.id, { kind: 'release' }).then((released) => {
              if (released) void focusAfterLeaving(contact.id);
            })
          }
        >
          {t('inbox.release')}
        </Button>
      )}
    </Group>
  );
}
