import { useEffect } from 'react';
import { AppShell } from '@mantine/core';
import { AppHeader } from '../app/AppHeader.tsx';
import { useTranslation } from 'react-i18next';
import { inboxStore } from './inboxStore.ts';
import { startAttention } from './attention.ts';
import { useAgentConnection } from './useAgentConnection.ts';
import { InboxNotice } from './InboxNotice.tsx';
import { LiveAnnouncer } from './LiveAnnouncer.tsx';
import { InboxView } from './InboxView.tsx';
import { SupervisionView } from './SupervisionView.tsx';
import './inbox.css';

/**
 * Where agents and supervisors work: the inbox or the supervisor's board, both kept live by one
 * connection to the agent API that stays open from one view to the other.
 */
export function AgentWorkspace({ view, contactId }: { view: 'inbox' | 'supervision'; contactId?: string | undefined }) {
  useAgentConnection();
  const { t } = useTranslation();
  // The tab's title, desktop notifications and sound: the agent hears of a contact from another tab.
  useEffect(() => startAttention(inboxStore, t), [t]);
  return (
    <AppShell header={{ height: 56 }} padding="md">
      <AppShell.Header>
        <AppHeader />
      </AppShell.Header>
      <AppShell.Main className="agent-workspace">
        <InboxNotice />
        <LiveAnnouncer />
        {view === 'inbox' ? <InboxView contactId={contactId} /> : <SupervisionView />}
      </AppShell.Main>
    </AppShell>
  );
}
