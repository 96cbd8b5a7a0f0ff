import { useTranslation } from 'react-i18next';
import { useUser } from '../app/sessionStore.ts';
import { callbackCallText } from './callbackCallText.ts';
import { callerLabel } from './callerLabel.ts';
import { useInbox } from './useInbox.ts';

/** What a screen reader says as things change: a contact waiting, a message, how Griot's callback call goes. */
export function LiveAnnouncer() {
  const { t } = useTranslation();
  const me = useUser()?.username ?? '';
  const announcement = useInbox((s) => s.announcement);
  let text = '';
  if (announcement?.kind === 'waiting') text = t('inbox.announceWaiting', { queue: announcement.queue });
  else if (announcement?.kind === 'message') text = t('inbox.announceMessage', { number: callerLabel(t, announcement.number) });
  else if (announcement?.kind === 'callbackDue') text = t('inbox.announceCallbackDue', { queue: announcement.queue });
  else if (announcement?.kind === 'callbackCall') text = callbackCallText(t, announcement.request, me)?.text ?? '';
  return (
    <p className="visually-hidden" aria-live="polite" data-testid="announce">
      {text}
    </p>
  );
}
