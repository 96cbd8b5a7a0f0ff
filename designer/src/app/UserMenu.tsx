import { Avatar, Badge, Group, Menu, Text, UnstyledButton } from '@mantine/core';
import { IconDevicesX, IconLogout } from '@tabler/icons-react';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { authApi } from '../api/authApi.ts';
import { signOutEverywhere } from './signOutEverywhere.ts';
import { signOut, signedOut } from './signOut.ts';
import { useUser } from './sessionStore.ts';
import { AdminMenuItems } from '../admin/AdminMenuItems.tsx';
import { Bdi } from '../i18n/Bdi.tsx';

/** `inMenu`: drawn inside another menu (the editor's « Plus d’options »), its list opens there, not in a layer of its own. */
export function UserMenu({ inMenu = false }: { inMenu?: boolean }) {
  const { t } = useTranslation();
  const user = useUser();
  if (!user) return null;
  const name = user.displayName || user.username;
  return (
    <Menu position="bottom-end" width={220} withinPortal={!inMenu}>
      <Menu.Target>
        <UnstyledButton aria-label={t('app.account')}>
          <Avatar size={30} radius="xl" color="indigo">
            {name.slice(0, 2).toUpperCase()}
          </Avatar>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          <Text size="sm" fw={600} c="dark">
            <Bdi>{name}</Bdi>
          </Text>
          <Group gap={4} mt={4}>
            {user.roles.map((r) => (
              <Badge key={r} size="xs" variant="light">
                {t(`roles.${r}`, { defaultValue: r })}
              </Badge>
            ))}
          </Group>
        </Menu.Label>
        <Menu.Divider />
        <AdminMenuItems />
        <Menu.Item leftSection={<IconLogout size={14} />} onClick={() => void signOut()}>
          {t('app.logout')}
        </Menu.Item>
        <Menu.Item
          leftSection={<IconDevicesX size={14} />}
          title={t('app.logoutEverywhereHint')}
          data-action="logout-everywhere"
          onClick={() =>
            void signOutEverywhere({
              call: authApi.logoutEverywhere,
              signedOut,
              failed: (message) => notifications.show({ color: 'red', title: t('app.logoutEverywhereFailed'), message }),
            })
          }
        >
          {t('app.logoutEverywhere')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
