import { Group } from '@mantine/core';
import { AppNav } from './AppNav.tsx';
import { GriotLogo } from './GriotLogo.tsx';
import { UiLanguageMenu } from './UiLanguageMenu.tsx';
import { UserMenu } from './UserMenu.tsx';
import { ColorSchemeToggle } from './ColorSchemeToggle.tsx';
import { PublicationBell } from './PublicationBell.tsx';

export function AppHeader() {
  return (
    <Group h="100%" px="lg" justify="space-between">
      <Group gap="xl">
        <GriotLogo />
        <AppNav />
      </Group>
      <Group gap="sm">
        <PublicationBell />
        <UiLanguageMenu />
        <ColorSchemeToggle />
        <UserMenu />
      </Group>
    </Group>
  );
}
