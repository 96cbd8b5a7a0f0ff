import { Anchor, Button, Group } from '@mantine/core';
import { useNotTaking } from './presenceStore.ts';
import { useTranslation } from 'react-i18next';
import { readableNumber, type CallbackRequest } from '@griot/flows';
import { can, useUser } from '../app/sessionStore.ts';
import { callbackCallText, griotCalls } from './callbackCallText.ts';
import { stepCallback, type CallbackStep } from './agentKeys.ts';
import { callAtLabel } from './callbackTime.ts';
import { QueueName } from './QueueName.tsx';
import { useServerNow } from './serverClock.ts';
import { useInbox } from './useInbox.ts';
import { PhoneNumber } from '../i18n/PhoneNumber.tsx';

const LABEL: Record<CallbackStep, string> = { take: 'inbox.take', done: 'inbox.done', failed: 'inbox.failed', retry: 'inbox.retry' };

/**
 * A callback request and what can be done next: take a pending one, mark a taken one done or
 * failed, retry a failed one (those two for the agent who took it, or a supervisor). With
 * callbacks out, Griot places the call itself: the request says how that call goes, or why it
 * failed, instead of offering a number to dial.
 */
export function CallbackItem({ request, due = false }: { request: CallbackRequest; due?: boolean }) {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const me = user?.username ?? '';
  // Marking a taken request, or retrying a failed one, is for the agent who took it or a supervisor (as the API says).
  const mine = !request.agent || request.agent === me || can.supervise(user);
  const call = callbackCallText(t, request, me);
  const requested = new Date(request.requestedAt).toLocaleTimeString(i18n.language, { hour: '2-digit', minute: '2-digit' });
  const timezone = useInbox((s) => s.settings[request.queue]?.timezone);
  const now = useServerNow(false);
  // The time told to the subscriber, in the queue's zone (as the agent picked it).
  const promised = request.callAt && timezone ? callAtLabel(request.callAt, now, timezone) : null;
  const callAt = promised
    ? t(`inbox.callAt.${promised.day}`, { time: promised.time, date: new Date(`${promised.date}T12:00:00Z`).toLocaleDateString(i18n.language, { day: 'numeric', month: 'long', timeZone: 'UTC' }) })
    : request.callAt
      ? new Date(request.callAt).toLocaleString(i18n.language, { dateStyle: 'short', timeStyle: 'short' })
      : null;
  const notTaking = useNotTaking();
  const step = (name: CallbackStep) => (
    <Button
      key={name}
      size="compact-xs"
      variant="default"
      // Taking a callback is taking a new contact: not while paused (the server would refuse).
      disabled={name === 'take' && notTaking !== null}
      title={name === 'take' && notTaking ? t(notTaking === 'paused' ? 'inbox.presence.notTakingPaused' : 'inbox.presence.notTakingOffline') : undefined}
      aria-label={t('inbox.actionOn', { action: t(LABEL[name]), number: readableNumber(request.number) })}
      onClick={() => void stepCallback(request.id, name)}
    >
      {t(LABEL[name])}
    </Button>
  );
  const agent = request.agent ? ` · ${t('inbox.with', { agent: request.agent === me ? t('inbox.you') : request.agent })}` : '';
  return (
    <li className="callback" data-callback-id={request.id} data-status={request.status} data-due={due || undefined}>
      <div>
        <strong>
          <PhoneNumber number={request.number} />
        </strong>{' '}
        · <QueueName queue={request.queue} /> · <span className={`status ${request.status}`}>{t(`inbox.callbackStatus.${request.status}`)}</span>
        {due && (
          <>
            {' '}
            · <span className="call-now">{t('inbox.callbackCallNow')}</span>
          </>
        )}
      </div>
      {callAt && request.status !== 'done' && (
        <div className="call-at" data-call-at={request.callAt}>
          {callAt}
        </div>
      )}
      <div className="small">
        {request.reason} · {t('inbox.requested', { time: requested })} · {t('inbox.attempts', { count: request.attempts })}
        {agent}
      </div>
      {call && request.lastCall && (
        <p className={`call ${call.tone}`} data-call={request.lastCall.status}>
          {call.text}
          {call.detail && ' '}
          {call.detail && <small className="call-detail">{t('inbox.callDetail', { detail: call.detail })}</small>}
        </p>
      )}
      <Group gap={6} mt={4}>
        {request.status === 'pending' && step('take')}
        {request.status === 'taken' && request.agent === me && !griotCalls(request) && (
          <Anchor href={`tel:${request.number}`} size="sm">
            {t('inbox.call')}
          </Anchor>
        )}
        {request.status === 'taken' && mine && [step('done'), step('failed')]}
        {request.status === 'failed' && mine && step('retry')}
      </Group>
    </li>
  );
}
