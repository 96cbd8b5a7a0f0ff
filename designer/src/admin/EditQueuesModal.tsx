import { useEffect, useState } from 'react';
import { Alert, Button, Checkbox, Group, Modal, Radio, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { agentApi } from '../api/agentApi.ts';
import { adminApi, type AdminUser } from './adminApi.ts';
import { useApiErrorText } from './useApiErrorText.ts';

/**
 * Assigns an agent their queues, picked among the queues Griot knows (configured, or named by a
 * live flow's handoff node) and those already assigned: « every queue » (no assignment, as before
 * assignments existed) or only the ones ticked (none ticked: the agent sees no contact). Contacts the
 * agent holds in a queue being taken away would no longer be theirs to read or answer: the dialog
 * says so before saving and, unless the admin unticks it, puts them back to wait in their queue in
 * the same action (POST /api/users/:id/requeue-contacts with `outsideAssignment`, audited): those
 * the server finds outside the saved assignment, including any taken after the dialog opened.
 */
export function EditQueuesModal({ user, onClose, onSaved }: { user: AdminUser | null; onClose(): void; onSaved(): void }) {
  const { t } = useTranslation();
  const errorText = useApiErrorText();
  const [known, setKnown] = useState<string[]>([]);
  const [every, setEvery] = useState(true);
  const [chosen, setChosen] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [held, setHeld] = useState<Array<{ id: string; queue: string }>>([]);
  const [requeue, setRequeue] = useState(false);
  useEffect(() => {
    setEvery(user?.queues == null);
    setChosen(user?.queues ?? []);
    setError(null);
    setHeld([]);
    setRequeue(false);
    if (!user) return;
    let current = true;
    agentApi.transferQueues().then(
      (answer) => current && setKnown(answer.queues),
      (e: unknown) => current && setError(errorText(e)),
    );
    adminApi.openContacts(user.id).then(
      (answer) => current && setHeld(answer.contacts),
      (e: unknown) => current && setError(errorText(e)),
    );
    return () => {
      current = false;
    };
  }, [user, errorText]);
  if (!user) return null;

  const offered = [...new Set([...known, ...(user.queues ?? [])])].sort((a, b) => a.localeCompare(b));
  // The contacts they hold in the queues being taken away: theirs no longer once saved.
  const stranded = every ? [] : held.filter((c) => !chosen.includes(c.queue));
  const strandedQueues = [...new Set(stranded.map((c) => c.queue))].sort((a, b) => a.localeCompare(b));
  // A queue taken away (or « every queue » narrowed), or contacts still held in queues taken away
  // earlier: when the admin asks it, what they hold outside the new assignment is put back, read by
  // the server after saving, so a contact taken there since the dialog opened too.
  const narrowed = !every && (user.queues == null || user.queues.some((q) => !chosen.includes(q)));
  const save = async () => {
    setBusy(true);
    try {
      await adminApi.updateUser(user.id, { queues: every ? null : chosen });
      const moved = requeue && (narrowed || stranded.length > 0) ? await adminApi.requeueContacts(user.id, { outsideAssignment: true }) : undefined;
      if (moved && (moved.requeued.length > 0 || moved.failed.length > 0)) {
        notifications.show({
          color: moved.failed.length ? 'orange' : 'teal',
          message:
            t('admin.users.queuesSavedRequeued', { name: user.displayName, count: moved.requeued.length }) +
            (moved.failed.length ? ` ${t('admin.users.requeueFailed', { count: moved.failed.length })}` : ''),
        });
      } else notifications.show({ color: 'teal', message: t('admin.users.queuesSaved', { name: user.displayName }) });
      onSaved();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened onClose={onClose} title={t('admin.users.editQueuesTitle', { name: user.displayName })} size="lg" centered>
      <Stack>
        <Text size="sm" c="dimmed">
          {t('admin.users.queuesExplain')}
        </Text>
        {error && (
          <Alert color="red" variant="light" role="alert">
            {error}
          </Alert>
        )}
        <Radio.Group value={every ? 'every' : 'chosen'} onChange={(value) => setEvery(value === 'every')}>
          <Stack gap="xs">
            <Radio value="every" label={t('admin.users.queuesEvery')} />
            <Radio value="chosen" label={t('admin.users.queuesChosen')} />
          </Stack>
        </Radio.Group>
        {!every && (
          <Checkbox.Group label={t('admin.users.queuesKnown')} value={chosen} onChange={setChosen}>
            <Stack gap={6} mt={6} data-testid="queue-choices">
              {offered.map((queue) => (
                <Checkbox key={queue} value={queue} label={queue} />
              ))}
            </Stack>
          </Checkbox.Group>
        )}
        {!every && chosen.length === 0 && (
          <Alert color="orange" variant="light">
            {t('admin.users.queuesNoneChosen')}
          </Alert>
        )}
        {stranded.length > 0 && (
          <Alert color={requeue ? 'orange' : 'blue'} variant="light" data-testid="stranded-contacts">
            <Stack gap="xs">
              <Text size="sm">
                {t(requeue ? 'admin.users.strandedRequeued' : 'admin.users.strandedKept', {
                  name: user.displayName,
                  count: stranded.length,
                  queues: strandedQueues.join(', '),
                })}
              </Text>
              <Checkbox checked={requeue} onChange={(e) => setRequeue(e.currentTarget.checked)} label={t('admin.users.strandedRequeue', { count: stranded.length })} />
            </Stack>
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button loading={busy} onClick={() => void save()}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
