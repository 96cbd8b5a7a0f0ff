import { Menu } from '@mantine/core';
import { IconDatabaseExport, IconKey, IconListDetails, IconLock, IconPlugConnected, IconUsers } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { navigate } from '../app/router.ts';
import { useUser } from '../app/sessionStore.ts';
import { mayOpen } from './adminAccess.ts';
import { ADMIN_SCREENS, adminPath, type AdminScreen } from './adminRoutes.ts';

const ICONS: Record<AdminScreen, typeof IconUsers> = {
  users: IconUsers,
  bindings: IconPlugConnected,
  audit: IconListDetails,
  backups: IconDatabaseExport,
  tokens: IconKey,
  password: IconLock,
};

/** The account menu's way to the administration screens the user may open. */
export function AdminMenuItems() {
  const { t } = useTranslation();
  const user = useUser();
  return (
    <>
      {ADMIN_SCREENS.filter((s) => mayOpen(s, user)).map((screen) => {
        const Icon = ICONS[screen];
        return (
          <Menu.Item key={screen} leftSection={<Icon size={14} />} onClick={() => navigate(adminPath(screen))} data-admin-screen={screen}>
            {t(`admin.nav.${screen}`)}
          </Menu.Item>
        );
      })}
      <Menu.Divider />
    </>
  );
}
