import { useEffect } from 'react';
import { ActionIcon, Indicator, Menu, Text, Tooltip } from '@mantine/core';
import { IconBell } from '@tabler/icons-react';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { can, useUser } from './sessionStore.ts';
import { navigate } from './router.ts';
import { openReview, publicationStore, refreshPublication, usePublication } from '../versions/publicationStore.ts';
import { principalName } from '../versions/savedBy.ts';
import { Bdi } from '../i18n/Bdi.tsx';

/** How often the lists are read again (a request or a decision shows within this). */
const POLL_MS = 30_000;
const SEEN_KEY = 'griot.publication.seen';

/** Decisions on the user's requests they have not been told of yet, told once per browser. */
function tellDecisions(username: string, t: (key: string, values?: Record<string, unknown>) => string) {
  const key = `${SEEN_KEY}.${username}`;
  const seen = localStorage.getItem(key);
  const decided = publicationStore.getState().mine.filter((r) => (r.status === 'approved' || r.status === 'refused') && r.decidedAt && (!seen || r.decidedAt > seen));
  // The first visit only remembers where it starts: old decisions are in the panel already.
  if (seen) {
    for (const r of decided) {
      notifications.show({
        color: r.status === 'approved' ? 'teal' : 'red',
        title: r.flowName,
        message:
          r.status === 'approved'
            ? t('publication.approvedAs', { user: principalName(r.decidedBy ?? '', t), n: r.version ?? 0 })
            : t('publication.refusedBy', { user: principalName(r.decidedBy ?? '', t), reason: r.reason ?? '' }),
        autoClose: false,
      });
    }
  }
  const latest = decided.reduce((max, r) => (r.decidedAt && r.decidedAt > max ? r.decidedAt : max), seen ?? '');
  localStorage.setItem(key, latest || new Date().toISOString());
}

/**
 * Requests to publish in the header: a publisher sees how many wait and opens one; an editor is
 * told when one of theirs was approved or refused.
 */
export function PublicationBell({ inMenu = false }: { inMenu?: boolean } = {}) {
  const { t } = useTranslation();
  const user = useUser();
  const publisher = can.promoteProduction(user);
  const editor = can.edit(user);
  const open = usePublication((s) => s.open);
  useEffect(() => {
    if (!user || (!publisher && !editor)) return;
    let stopped = false;
    const poll = async () => {
      await refreshPublication({ publisher, editor });
      if (!stopped && editor) tellDecisions(user.username, t);
    };
    void poll();
    const timer = window.setInterval(() => void poll(), POLL_MS);
    return () => {
      stopped = true;
      window.clearInterval(timer);
    };
  }, [user, publisher, editor, t]);
  if (!publisher) return null;

  return (
    <Menu position="bottom-end" width={320} withinPortal={!inMenu}>
      <Menu.Target>
        <Tooltip label={t('publication.waiting', { count: open.length })}>
          <Indicator label={open.length} size={16} disabled={open.length === 0} color="red" data-publication-badge={open.length}>
            <ActionIcon variant="subtle" color="gray" aria-label={t('publication.waiting', { count: open.length })}>
              <IconBell size={18} />
            </ActionIcon>
          </Indicator>
        </Tooltip>
      </Menu.Target>
      <Menu.Dropdown>
        {open.length === 0 && <Menu.Label>{t('publication.noneWaiting')}</Menu.Label>}
        {open.map((r) => (
          <Menu.Item
            key={r.id}
            data-open-request={r.id}
            onClick={() =>
              void navigate(`/flows/${encodeURIComponent(r.flowId)}`).then((went) => {
                if (went) openReview(r.flowId, r.id);
              })
            }
          >
            <Text size="sm" fw={600}>
              <Bdi>{r.flowName}</Bdi>
            </Text>
            <Text size="xs" c="dimmed" lineClamp={2}>
              {t('publication.fromUser', { user: principalName(r.requestedBy, t) })}
              {r.comment ? ` · ${r.comment}` : ''}
            </Text>
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
