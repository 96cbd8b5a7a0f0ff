import { useEffect, useId, useRef } from 'react';
import { Alert, Button, Group, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { can, useUser } from '../app/sessionStore.ts';
import { ContactActions } from './ContactActions.tsx';
import { ContactFacts } from './ContactFacts.tsx';
import { ContactHistory } from './ContactHistory.tsx';
import { Conversation } from './Conversation.tsx';
import { ReplyBox } from './ReplyBox.tsx';
import { BotConversation } from './BotConversation.tsx';
import { TransferNotes } from './TransferNotes.tsx';
import { TransferForm } from './TransferForm.tsx';
import { CloseForm } from './CloseForm.tsx';
import { outcomeLabel } from './outcomeLabel.ts';
import { useInbox } from './useInbox.ts';
import { callerLabel } from './callerLabel.ts';
import { Bdi } from '../i18n/Bdi.tsx';
import { useContextOpen } from './contextFold.ts';
import type { LostReason } from './inboxStore.ts';

/** Why a contact the agent held is no longer with them, in their words. */
function lostText(t: TFunction, lost: LostReason): string {
  if (lost.kind === 'takenOver') return lost.agent ? t('inbox.lost.takenOver', { agent: lost.agent }) : t('inbox.lost.takenOverAnonymous');
  return t(`inbox.lost.${lost.kind}`);
}

/**
 * The contact open: who, why, the flow's context and earlier contacts; the conversation (opening
 * with what was said to the bot) and a reply box at the foot of the column on messaging channels
 * (the call's context and its bot part on voice), the context folding away (remembered); take, callback, release,
 * transfer and close — each offered only when the agent may do it (another agent's contact is
 * theirs to transfer, release or close, or a supervisor's). What the agent types
 * survives live updates: the forms stay mounted while the facts around them change.
 */
export function ContactDetail({ id }: { id: string }) {
  const { t } = useTranslation();
  const user = useUser();
  const me = user?.username;
  const headingId = useId();
  const contextId = useId();
  const [contextOpen, setContextOpen] = useContextOpen();
  const heading = useRef<HTMLHeadingElement>(null);
  const listed = useInbox((s) => s.contacts[id]);
  const details = useInbox((s) => (s.open?.id === id ? s.open.details : null));
  const lost = useInbox((s) => (s.open?.id === id ? s.open.lost : undefined));
  const contact = details?.contact ?? listed;
  // The keyboard follows the selection.
  useEffect(() => heading.current?.focus(), [id]);
  if (!contact) {
    return (
      <Title order={2} size="h4" ref={heading} tabIndex={-1}>
        …
      </Title>
    );
  }
  // Someone else's action took it from the agent and they may no longer read it: what is on screen is
  // how it was, without its actions (the list dropped it too).
  const gone = lost !== undefined && listed === undefined;
  const open = contact.status !== 'closed' && !gone;
  const messaging = contact.channel !== 'voice';
  // The API lets the contact's agent, or a supervisor, reply, transfer, release and close an assigned contact.
  const mine = !gone && contact.status === 'assigned' && (contact.agent === me || can.supervise(user));
  const someoneElses = contact.status === 'assigned' && !mine && !gone;
  const who = (agent: string) => (agent === me ? t('inbox.you') : agent);
  return (
    <article className="contact-detail" aria-labelledby={headingId} data-contact-id={id}>
      {/* Who and where it stands on one line: the height goes to the conversation. */}
      <div className="contact-head">
        <Title order={2} size="h3" id={headingId} ref={heading} tabIndex={-1} className="caller">
          <bdi dir="ltr">{callerLabel(t, contact.callerNumber)}</bdi>
          {contact.callerName && (
            <span className="caller-name" title={t('inbox.callerNameHint')}>
              {' · '}
              <Bdi>{contact.callerName}</Bdi>
            </span>
          )}
        </Title>
        {!gone && (
          <p className="status-line">
            <span className={`status ${contact.status}`}>{t(`inbox.status.${contact.status}`)}</span>
            {contact.agent && ` · ${t('inbox.with', { agent: who(contact.agent) })}`}
            {contact.status === 'closed' && contact.outcome && ` · ${outcomeLabel(t, contact.outcome)}`}
          </p>
        )}
      </div>
      {lost && (
        <Alert color="orange" variant="light" p="xs" my="xs" role="status" data-testid="contact-lost">
          {lostText(t, lost)}
        </Alert>
      )}
      {!gone && <ContactActions contact={contact} mine={mine} />}
      {/* What the agents before wrote with their transfers: read first, not folded with the context. */}
      {!gone && contact.notes && contact.notes.length > 0 && <TransferNotes notes={contact.notes} />}
      {someoneElses && contact.agent && (
        <Alert color="gray" variant="light" p="xs" my="xs" className="not-yours">
          {t('inbox.notYours', { agent: contact.agent })}
        </Alert>
      )}
      {open && (
        <Group className="contact-forms" align="flex-end" mt="xs" gap="lg">
          {!someoneElses && <TransferForm contactId={id} currentQueue={contact.queue} />}
          {!someoneElses && <CloseForm contactId={id} />}
        </Group>
      )}
      <Group className="context-title" justify="space-between" mt="xs" mb={4} wrap="nowrap">
        <Title order={3} size="h5">
          {t('inbox.context')}
        </Title>
        <Button size="compact-xs" variant="subtle" aria-expanded={contextOpen} aria-controls={contextId} onClick={() => setContextOpen(!contextOpen)}>
          {t(contextOpen ? 'inbox.contextHide' : 'inbox.contextShow')}
        </Button>
      </Group>
      {/* The context folds (remembered on this device): the conversation below keeps the height it needs either way. */}
      <div className="contact-context" id={contextId} hidden={!contextOpen}>
        <ContactFacts contact={contact} flow={details?.flow} />
        <Title order={3} size="h5" mt="md" mb={4}>
          {t('inbox.history')}
        </Title>
        <ContactHistory history={contact.history} />
        {!messaging && <BotConversation contact={contact} turns={details?.botTurns ?? []} />}
      </div>
      {messaging ? (
        <Conversation contact={contact} messages={details?.messages ?? []} before={details ? <BotConversation contact={contact} turns={details.botTurns} /> : null} />
      ) : (
        <Text size="sm" className="note" mt="md">
          {t('inbox.voiceNote')}
        </Text>
      )}
      {/* At the foot of the column, the newest messages just above it: the agent reads what they answer while typing. */}
      {messaging && mine && <ReplyBox key={contact.id} contactId={contact.id} queue={contact.queue} locale={contact.locale} />}
      {!open && !gone && (
        <Text size="sm" className="note" mt="md">
          {t('inbox.closedNow')}
        </Text>
      )}
    </article>
  );
}
