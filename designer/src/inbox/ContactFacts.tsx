import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { QueueName } from './QueueName.tsx';
import type { TFunction } from 'i18next';
import type { ContactFlow, HandoffContact } from '@griot/flows';
import { pathText } from './pathText.ts';
import { formatWait, totalWaitSeconds, waitSeconds } from './queueFigures.ts';
import { useServerNow } from './serverClock.ts';
import { callerLabel, isCallable } from './callerLabel.ts';
import { channelLabel } from './channelLabel.ts';
import { languageName } from './languageName.ts';
import { Bdi } from '../i18n/Bdi.tsx';
import { PhoneNumber } from '../i18n/PhoneNumber.tsx';

const DEFAULT_PRIORITY = 999;

/** Priority as the flow editor states it (0 is served first): the default reads "normal", any other its rank. */
function priorityText(t: TFunction, priority: number): string {
  return priority < DEFAULT_PRIORITY ? t('inbox.priorityRank', { priority }) : t('inbox.priorityNormal');
}

/** A variable's value as an agent reads it: yes/no for a boolean, the text as is. */
function valueText(t: TFunction, value: unknown): string {
  if (typeof value === 'boolean') return t(value ? 'inbox.yes' : 'inbox.no');
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Who, where from and why: the caller, queue, channel, language, reason, priority, wait, and where in the flow they were. */
export function ContactFacts({ contact, flow }: { contact: HandoffContact; flow: ContactFlow | undefined }) {
  const { t, i18n } = useTranslation();
  const now = useServerNow(contact.status === 'waiting');
  const variables = Object.entries((contact.context.variables ?? {}) as Record<string, unknown>);
  const row = (key: string, value: ReactNode) => [
    <dt key={`${key}-t`}>{t(`inbox.facts.${key}`)}</dt>,
    <dd key={`${key}-d`} data-fact={key}>
      {value}
    </dd>,
  ];
  const clock = (iso: string) => new Date(iso).toLocaleTimeString(i18n.language, { hour: '2-digit', minute: '2-digit' });
  const inQueue = formatWait(waitSeconds(contact, now));
  // Transferred: the wait in this queue, and the total since the subscriber asked (when).
  const wait = contact.firstEnqueuedAt
    ? t('inbox.waitTransferred', { here: inQueue, total: formatWait(totalWaitSeconds(contact, now)), asked: clock(contact.firstEnqueuedAt) })
    : `${clock(contact.enqueuedAt)} · ${inQueue}`;
  return (
    <dl className="facts">
      {row(
        'caller',
        // A tel: link only for a number: a chat visitor's platform id dials nothing.
        isCallable(contact.callerNumber) ? (
          <a href={`tel:${contact.callerNumber}`}>
            <PhoneNumber number={contact.callerNumber} />
          </a>
        ) : (
          <span title={contact.callerNumber}>{callerLabel(t, contact.callerNumber)}</span>
        ),
      )}
      {/* The account's name (WhatsApp's profile name): anyone may write any name there, so beside the number, never instead of it. */}
      {contact.callerName &&
        row(
          'callerName',
          <span title={t('inbox.callerNameHint')}>
            <Bdi>{contact.callerName}</Bdi>
          </span>,
        )}
      {row('queue', <QueueName queue={contact.queue} />)}
      {row('channel', channelLabel(t, contact))}
      {row('locale', languageName(contact.locale, i18n.language))}
      {row('reason', <Bdi>{contact.reason}</Bdi>)}
      {row('priority', priorityText(t, contact.priority))}
      {row('wait', wait)}
      {flow && row('flow', flow.name ? (flow.version ? t('inbox.flowVersion', { name: flow.name, version: flow.version }) : flow.name) : flow.id)}
      {flow && flow.path.length > 0 && row('path', pathText(t, flow.path))}
      {row(
        'variables',
        variables.length ? (
          <ul className="variables">
            {variables.map(([name, value]) => (
              <li key={name} data-variable={name}>
                {/* The variable's short name, its value beside it; the flow's description (a sentence) when the agent points at it. */}
                <code title={flow?.variables?.[name]}>{name}</code> : {valueText(t, value)}
              </li>
            ))}
          </ul>
        ) : (
          t('inbox.none')
        ),
      )}
    </dl>
  );
}
