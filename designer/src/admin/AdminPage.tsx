import { Anchor, AppShell, Container, Group, Tabs, Text, Title } from '@mantine/core';
import { IconArrowLeft, IconDatabaseExport, IconKey, IconListDetails, IconLock, IconPlugConnected, IconUsers } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { AppHeader } from '../app/AppHeader.tsx';
import { navigate } from '../app/router.ts';
import { useUser } from '../app/sessionStore.ts';
import { mayOpen } from './adminAccess.ts';
import { ADMIN_SCREENS, adminPath, type AdminScreen } from './adminRoutes.ts';
import { UsersPage } from './UsersPage.tsx';
import { TokensPage } from './TokensPage.tsx';
import { BindingsPage } from './BindingsPage.tsx';
import { OwnPasswordPage } from './OwnPasswordPage.tsx';
import { AuditPage } from './AuditPage.tsx';
import { BackupsPage } from './BackupsPage.tsx';

const ICONS: Record<AdminScreen, typeof IconUsers> = {
  users: IconUsers,
  bindings: IconPlugConnected,
  audit: IconListDetails,
  backups: IconDatabaseExport,
  tokens: IconKey,
  password: IconLock,
};

/** Users, bindings, the audit log, backups, API tokens and one's own password, as tabs of one page; each only to whom its routes answer. */
export function AdminPage({ screen }: { screen: AdminScreen }) {
  const { t } = useTranslation();
  const user = useUser();
  const screens = ADMIN_SCREENS.filter((s) => mayOpen(s, user));
  const allowed = screens.includes(screen);
  return (
    <AppShell header={{ height: 56 }} padding="md">
      <AppShell.Header>
        <AppHeader />
      </AppShell.Header>
      <AppShell.Main className="admin-page" data-screen={screen}>
        <Container size="lg" py="lg">
          <Group justify="space-between" mb="md">
            <Title order={2}>{t('admin.nav.title')}</Title>
            <Anchor
              href="/"
              size="sm"
              onClick={(e) => {
                e.preventDefault();
                navigate('/');
              }}
            >
              <Group gap={4}>
                <IconArrowLeft size={14} />
                {t('admin.nav.backToFlows')}
              </Group>
            </Anchor>
          </Group>
          <Tabs value={allowed ? screen : null} onChange={(value) => value && navigate(adminPath(value as AdminScreen))} mb="lg">
            <Tabs.List aria-label={t('admin.nav.sections')}>
              {screens.map((s) => {
                const Icon = ICONS[s];
                return (
                  <Tabs.Tab key={s} value={s} leftSection={<Icon size={16} />}>
                    {t(`admin.nav.${s}`)}
                  </Tabs.Tab>
                );
              })}
            </Tabs.List>
          </Tabs>
          {!allowed && <Text c="dimmed">{t('admin.errors.forbidden')}</Text>}
          {allowed && screen === 'users' && <UsersPage />}
          {allowed && screen === 'bindings' && <BindingsPage />}
          {allowed && screen === 'audit' && <AuditPage />}
          {allowed && screen === 'backups' && <BackupsPage />}
          {allowed && screen === 'tokens' && <TokensPage />}
          {allowed && screen === 'password' && <OwnPasswordPage />}
        </Container>
      </AppShell.Main>
    </AppShell>
  );
}
