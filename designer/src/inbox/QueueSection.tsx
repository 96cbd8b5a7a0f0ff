import { useId, useMemo } from 'react';
import { Button, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { contactPath, navigate } from '../app/router.ts';
import { inboxSync } from './inboxSync.ts';
import { ContactBlock } from './ContactBlock.tsx';
import { QueueCounts } from './QueueCounts.tsx';
import { QueueName, useQueueLabel } from './QueueName.tsx';
import { useInbox } from './useInbox.ts';
import { useUser } from '../app/sessionStore.ts';
import { idsOfKey, myContactsKey } from './myContacts.ts';
import { useNotTaking } from './presenceStore.ts';

const NONE: string[] = [];
/** Rows per block: few enough that a block's rows are walked quickly, many enough that a thousand make few blocks. */
const BLOCK = 50;

/** A queue: its counts, "take next", and its open contacts in service order (but the agent's own, pinned above: MyContacts). */
export function QueueSection({ queue }: { queue: string }) {
  const { t } = useTranslation();
  const headingId = useId();
  const label = useQueueLabel(queue);
  const me = useUser()?.username;
  const all = useInbox((s) => s.queues[queue] ?? NONE);
  const mineKey = useInbox((s) => myContactsKey(s.contacts, me));
  const ids = useMemo(() => {
    const mine = new Set(idsOfKey(mineKey));
    return mine.size === 0 ? all : all.filter((id) => !mine.has(id));
  }, [all, mineKey]);
  // Waiting contacts are served first: the first one tells.
  const anyWaiting = useInbox((s) => s.contacts[(s.queues[queue] ?? NONE)[0] ?? '']?.status === 'waiting');
  const notTaking = useNotTaking();
  const blocks = useMemo(() => Array.from({ length: Math.ceil(ids.length / BLOCK) }, (_, i) => ({ from: i * BLOCK, ids: ids.slice(i * BLOCK, (i + 1) * BLOCK) })), [ids]);
  const takeNext = async () => {
    const taken = await inboxSync.takeNext(queue);
    if (taken) navigate(contactPath(taken));
  };
  return (
    <section className="queue" data-queue={queue} aria-labelledby={headingId}>
      <Group justify="space-between" gap="xs" wrap="nowrap">
        <h3 id={headingId} className="queue-name">
          <QueueName queue={queue} />
        </h3>
        <Button
          size="compact-xs"
          variant="default"
          disabled={!anyWaiting || notTaking !== null}
          aria-label={t('inbox.takeNextIn', { queue: label })}
          aria-describedby={notTaking ? 'not-taking' : undefined}
          onClick={() => void takeNext()}
        >
          {/* « Le suivant », beside the queue's name: the one « Prendre le suivant » is above, across the queues. */}
          {t('inbox.takeNextHere')}
        </Button>
      </Group>
      <QueueCounts queue={queue} />
      {ids.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('inbox.nobodyWaiting')}
        </Text>
      ) : (
        <ul className="contacts" aria-labelledby={headingId}>
          {blocks.map((block) => (
            // Keyed by place: a block keeps its rows while the ids around it move.
            <ContactBlock key={block.from} ids={block.ids} />
          ))}
        </ul>
      )}
    </section>
  );
}
