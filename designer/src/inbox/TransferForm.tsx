import { useId, useState, type FormEvent } from 'react';
import { Button, Group, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { inboxSync } from './inboxSync.ts';
import { useInbox } from './useInbox.ts';

/** Puts the contact back to waiting in another queue (the queues known are suggested; any name goes). */
export function TransferForm({ contactId, currentQueue }: { contactId: string; currentQueue: string }) {
  const { t } = useTranslation();
  const listId = useId();
  const names = useInbox((s) => s.queueNames);
  const [queue, setQueue] = useState('');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const target = queue.trim();
    if (!target) return;
    if (await inboxSync.act(contactId, { kind: 'transfer', queue: target })) setQueue('');
  };
  return (
    <form className="inline-form" onSubmit={(e) => void submit(e)}>
      <Group gap="xs" align="flex-end" wrap="nowrap">
        <TextInput label={t('inbox.transferTo')} name="queue" required autoComplete="off" value={queue} onChange={(e) => setQueue(e.currentTarget.value)} list={listId} maxLength={200} />
        <datalist id={listId}>
          {names
            .filter((name) => name !== currentQueue)
            .map((name) => (
              <option key={name} value={name} />
            ))}
        </datalist>
        <Button type="submit" variant="default" disabled={queue.trim() === ''}>
          {t('inbox.transfer')}
        </Button>
      </Group>
    </form>
  );
}
