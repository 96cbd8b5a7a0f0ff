import { Button, Group } from '@mantine/core';
import { IconGitBranch, IconHeadset, IconLayoutDashboard } from '@tabler/icons-react';
import type { MouseEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { User } from '../api/types.ts';
import { INBOX_PATH, SUPERVISION_PATH, navigate, usePathname } from './router.ts';
import { can, useUser } from './sessionStore.ts';

interface Area {
  path: string;
  label: string;
  icon: ReactNode;
  /** Addresses that belong to the area. */
  matches(pathname: string): boolean;
  allowed(user: User): boolean;
}

const AREAS: Area[] = [
  { path: '/', label: 'shell.flows', icon: <IconGitBranch size={16} />, matches: (p) => p === '/' || p.startsWith('/flows'), allowed: can.readFlows },
  { path: INBOX_PATH, label: 'shell.inbox', icon: <IconHeadset size={16} />, matches: (p) => p === INBOX_PATH || p.startsWith('/agent/contacts'), allowed: can.work },
  { path: SUPERVISION_PATH, label: 'shell.supervision', icon: <IconLayoutDashboard size={16} />, matches: (p) => p.startsWith(SUPERVISION_PATH), allowed: can.supervise },
];

/** The areas of the app the user's roles open; nothing when there is only one. */
export function AppNav() {
  const { t } = useTranslation();
  const user = useUser();
  const pathname = usePathname();
  if (!user) return null;
  const areas = AREAS.filter((a) => a.allowed(user));
  if (areas.length < 2) return null;
  return (
    <Group component="nav" gap={4} aria-label={t('shell.nav')}>
      {areas.map((area) => {
        const current = area.matches(pathname);
        return (
          <Button
            key={area.path}
            component="a"
            href={area.path}
            size="xs"
            variant={current ? 'light' : 'subtle'}
            color={current ? undefined : 'gray'}
            leftSection={area.icon}
            aria-current={current ? 'page' : undefined}
            onClick={(e: MouseEvent) => {
              e.preventDefault();
              navigate(area.path);
            }}
          >
            {t(area.label)}
          </Button>
        );
      })}
    </Group>
  );
}
