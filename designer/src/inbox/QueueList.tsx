import { useEffect, useRef, useState } from 'react';
import { Alert, Button, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useUser } from '../app/sessionStore.ts';
import { QueueSection } from './QueueSection.tsx';
import { TAKE_NEXT_ID, takeNextAnywhere } from './agentKeys.ts';
import { useNotTaking } from './presenceStore.ts';
import { useInbox } from './useInbox.ts';
import { queueLabel } from './queueLabel.ts';
import { isolate } from '../i18n/isolate.ts';

const NONE: string[] = [];

/** The assigned queues as one comparable value: null (every queue) apart from none. */
const keyOf = (queues: string[] | null | undefined) => (queues == null ? null : queues.join('\n'));

/**
 * One « Prendre le suivant » across the agent's queues (priority first, then the longest
 * waiting; when nobody waits, the callback due first), then a section per queue with someone in it, by name; the queues with nobody are
 * folded under one line. A queue once seen stays (at zero) until the page is reloaded, unless an
 * admin takes it from the agent: the list and « Vos files » follow the assignment live, and say so.
 */
export function QueueList() {
  const { t } = useTranslation();
  // The queues an admin assigned (null: every queue): the server lists only those; the agent is told which, or that there are none.
  const assigned = useUser()?.queues;
  const changed = useAssignmentChange(assigned);
  const settings = useInbox((s) => s.settings);
  // Each queue as agents read it (its display name), isolated on its own: two right-to-left names keep their order around the comma.
  const listed = (queues: string[]) => queues.map((queue) => isolate(queueLabel(queue, settings[queue]))).join(', ');
  const seen = useInbox((s) => s.queueNames);
  const names = assigned ? seen.filter((name) => assigned.includes(name)) : seen;
  const busy = useInbox((s) => names.filter((name) => (s.queues[name] ?? NONE).length > 0).join('\n'));
  // Someone waiting on a line, or a callback whose time came: « Prendre le suivant » takes it.
  const anyWaiting = useInbox((s) => Object.values(s.contacts).some((c) => c.status === 'waiting') || Object.keys(s.dueCallbacks).length > 0);
  // Paused (or set offline), the server would refuse: said before the click, not after.
  const notTaking = useNotTaking();
  const notice = changed && (
    <Alert color="blue" variant="light" mb="xs" withCloseButton closeButtonLabel={t('inbox.queuesChangedDismiss')} onClose={changed.dismiss} role="status" data-testid="queues-changed">
      {t('inbox.queuesChanged', {
        queues: changed.queues === null ? t('inbox.queuesChangedEvery') : changed.queues.length === 0 ? t('inbox.queuesChangedNone') : listed(changed.queues),
      })}
    </Alert>
  );
  if (assigned && assigned.length === 0) {
    return (
      <>
        {notice}
        <Alert color="orange" variant="light" data-testid="no-assigned-queue">
          {t('inbox.noAssignedQueue')}
        </Alert>
      </>
    );
  }
  const mine = (
    <>
      {notice}
      {assigned && (
        <Text size="xs" c="dimmed" mb="xs" data-testid="assigned-queues">
          {t('inbox.assignedQueues', { queues: listed(assigned) })}
        </Text>
      )}
    </>
  );
  if (names.length === 0)
    return (
      <>
        {mine}
        <Text c="dimmed">{t('inbox.nobodyWaiting')}</Text>
      </>
    );
  const shown = busy === '' ? NONE : busy.split('\n');
  const empty = names.filter((name) => !shown.includes(name));
  return (
    <div className="queue-list">
      {mine}
      <Button
        id={TAKE_NEXT_ID}
        fullWidth
        mb={notTaking ? 4 : 'sm'}
        disabled={!anyWaiting || notTaking !== null}
        title="Alt+N"
        aria-describedby={notTaking ? 'not-taking' : undefined}
        onClick={() => void takeNextAnywhere()}
      >
        {t('inbox.takeNext')}
      </Button>
      {notTaking && (
        <Text size="xs" c="orange.8" mb="sm" id="not-taking" data-testid="not-taking">
          {t(notTaking === 'paused' ? 'inbox.presence.notTakingPaused' : 'inbox.presence.notTakingOffline')}
        </Text>
      )}
      {shown.map((name) => (
        <QueueSection key={name} queue={name} />
      ))}
      {empty.length > 0 && (
        <details className="empty-queues">
          <summary>{t('inbox.emptyQueues', { count: empty.length })}</summary>
          {empty.map((name) => (
            <QueueSection key={name} queue={name} />
          ))}
        </details>
      )}
    </div>
  );
}

/** The assignment as it was when the page opened, then each change an admin makes while it is open (until dismissed). */
function useAssignmentChange(assigned: string[] | null | undefined): { queues: string[] | null; dismiss(): void } | null {
  const first = useRef(keyOf(assigned));
  const [shown, setShown] = useState<{ key: string | null; queues: string[] | null } | null>(null);
  const key = keyOf(assigned);
  useEffect(() => {
    if (assigned === undefined) return;
    if (key === (shown ? shown.key : first.current)) return;
    setShown({ key, queues: assigned });
  }, [key, assigned, shown]);
  if (!shown || shown.key !== key) return null;
  return {
    queues: shown.queues,
    dismiss: () => {
      first.current = key;
      setShown(null);
    },
  };
}
