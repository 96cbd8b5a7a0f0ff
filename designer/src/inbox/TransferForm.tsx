import { useEffect, useState, type FormEvent } from 'react';
import { Button, Group, Select, Stack, Textarea } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { focusAfterLeaving } from './agentKeys.ts';
import { agentApi } from '../api/agentApi.ts';
import { inboxSync } from './inboxSync.ts';
import { useInbox } from './useInbox.ts';
import { queueLabel } from './queueLabel.ts';
import { isolate } from '../i18n/isolate.ts';

/**
 * Puts the contact back to waiting in another queue, picked among the queues Griot knows
 * (configured, open, or named by a flow's handoff node): a typo cannot send the contact to a
 * queue nobody answers. Once a queue is picked, a note for the next agent may go with it (what is
 * already checked): they read it at the head of the contact.
 */
export function TransferForm({ contactId, currentQueue }: { contactId: string; currentQueue: string }) {
  const { t } = useTranslation();
  const onScreen = useInbox((s) => s.queueNames);
  const settings = useInbox((s) => s.settings);
  const [known, setKnown] = useState<string[] | null>(null);
  const [queue, setQueue] = useState<string | null>(null);
  const [note, setNote] = useState('');
  useEffect(() => {
    let current = true;
    agentApi.transferQueues().then(
      (answer) => current && setKnown(answer.queues),
      // Without the list, the queues on screen are still offered.
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [contactId]);
  // Only queues that exist (a queue on screen only because a retired flow left contacts there
  // refuses a transfer); without the list, the queues on screen. Read by display name (the name
  // beside it, as two queues may read alike), sent by name.
  const choices = [...new Set(known ?? onScreen)]
    .filter((name) => name !== currentQueue)
    .map((name) => {
      const label = queueLabel(name, settings[name]);
      // Each name isolated: one stored with a direction control does not reorder the other or the parentheses.
      return { value: name, label: label === name ? isolate(name) : `${isolate(label)} (${isolate(name)})` };
    })
    .sort((a, b) => a.label.localeCompare(b.label));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!queue) return;
    if (!(await inboxSync.act(contactId, { kind: 'transfer', queue, note }))) return;
    setQueue(null);
    setNote('');
    void focusAfterLeaving(contactId);
  };
  return (
    <form className="inline-form transfer-form" onSubmit={(e) => void submit(e)}>
      {/* The note under the queue, before the button: the keyboard goes queue, note, « Transférer ». */}
      <Group gap="xs" align="flex-end" wrap="nowrap">
        <Stack gap={4} miw={queue ? '22rem' : undefined}>
          <Select
            label={t('inbox.transferTo')}
            name="queue"
            data={choices}
            value={queue}
            onChange={setQueue}
            searchable
            nothingFoundMessage={t('inbox.noSuchQueue')}
            placeholder={t('inbox.pickQueue')}
            allowDeselect={false}
          />
          {/* Only once a queue is picked: the reply box keeps its place the rest of the time. */}
          {queue && (
            <Textarea
              name="note"
              label={t('inbox.transferNote')}
              description={t('inbox.transferNoteHint')}
              value={note}
              onChange={(e) => setNote(e.currentTarget.value)}
              maxLength={1000}
              autosize
              minRows={1}
              maxRows={4}
            />
          )}
        </Stack>
        <Button type="submit" variant="default" disabled={!queue}>
          {t('inbox.transfer')}
        </Button>
      </Group>
    </form>
  );
}
