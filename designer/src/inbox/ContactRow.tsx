import { memo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { IconAlarm } from '@tabler/icons-react';
import { useUser } from '../app/sessionStore.ts';
import { contactPath, navigate } from '../app/router.ts';
import { callbackDue, formatWait, totalWaitSeconds, waitSeconds } from './queueFigures.ts';
import { useServerNow } from './serverClock.ts';
import { useOnScreen } from './useOnScreen.ts';
import { useInbox } from './useInbox.ts';
import { callerLabel, isCallable } from './callerLabel.ts';
import { channelLabel } from './channelLabel.ts';
import { Bdi } from '../i18n/Bdi.tsx';

/** Served first: anything below the default priority. */
const DEFAULT_PRIORITY = 999;

/**
 * One contact in its queue: number, channel, priority, wait (ticking while on screen), callback
 * mark, reason, agent and an unread mark. Redrawn only when this contact changes.
 */
export const ContactRow = memo(function ContactRow({ id }: { id: string }) {
  const { t } = useTranslation();
  const me = useUser()?.username;
  const contact = useInbox((s) => s.contacts[id]);
  const selected = useInbox((s) => s.open?.id === id);
  const unread = useInbox((s) => s.unread[id] === true);
  const settings = useInbox((s) => (contact ? s.settings[contact.queue] : undefined));
  const ref = useRef<HTMLButtonElement>(null);
  const now = useServerNow(useOnScreen(ref));
  if (!contact) return null;
  const vip = contact.priority < DEFAULT_PRIORITY;
  // The alarm offers a callback: only to a caller a phone can dial.
  const due = isCallable(contact.callerNumber) && callbackDue(contact, settings, now);
  const label = callerLabel(t, contact.callerNumber);
  const agent = contact.agent ? t('inbox.with', { agent: contact.agent === me ? t('inbox.you') : contact.agent }) : null;
  return (
    <button
      ref={ref}
      type="button"
      className={`contact ${contact.status}${vip ? ' vip' : ''}${unread ? ' unread' : ''}`}
      data-contact-id={id}
      data-caller={contact.callerNumber}
      aria-current={selected ? 'true' : undefined}
      onClick={() => navigate(contactPath(id))}
    >
      {/* One line whatever the channel's name (« Chat web ») and the wait: the caller's label gives way, the wait stays. It gives
          way at its start (« …29 01 97 00 03 01 »): a queue's numbers share their first digits, and a visitor's tag ends the label. */}
      <span className="line">
        <span className="who">
          <strong title={label} className={isCallable(contact.callerNumber) ? 'number' : undefined}>
            <bdi dir="ltr">{label}</bdi>
          </strong>{' '}
          {contact.callerName && (
            <span className="caller-name" title={contact.callerName}>
              <Bdi>{contact.callerName}</Bdi>
            </span>
          )}
          <span className="channel" title={channelLabel(t, contact)}>
            {channelLabel(t, contact)}
          </span>
        </span>
        {vip && <span className="badge">{t('inbox.vip')}</span>}
        {/* The wait in this queue; transferred, the total since the subscriber asked on pointing at it. */}
        <span className="wait" title={contact.firstEnqueuedAt ? t('inbox.waitTotal', { total: formatWait(totalWaitSeconds(contact, now)) }) : undefined}>
          {formatWait(waitSeconds(contact, now))}
        </span>
      </span>
      <span className="line small">
        <span className="reason">
          <Bdi>{contact.reason}</Bdi>
          {agent && ` · ${agent}`}
        </span>
        {due && (
          // In words beside the icon (an SVG rather than the ⏰ emoji, which shows as an empty box where the workstation has no emoji font).
          <span className="badge due" title={t('inbox.callbackDueHint')}>
            <IconAlarm size={12} aria-hidden="true" focusable="false" /> {t('inbox.callbackDue')}
          </span>
        )}
        {unread && <span className="badge unread">{t('inbox.newMessage')}</span>}
      </span>
    </button>
  );
});
