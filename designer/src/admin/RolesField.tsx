import { Checkbox, SimpleGrid } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Role } from '../api/types.ts';

export const ALL_ROLES: Role[] = ['admin', 'editor', 'publisher', 'tester', 'viewer', 'agent', 'supervisor'];

/** The roles as checkboxes, each with what it lets one do. */
export function RolesField({ value, onChange, error }: { value: Role[]; onChange(roles: Role[]): void; error?: string | undefined }) {
  const { t } = useTranslation();
  return (
    <Checkbox.Group label={t('admin.users.roles')} value={value} onChange={(v) => onChange(v as Role[])} error={error} withAsterisk>
      <SimpleGrid cols={2} mt="xs" spacing="xs">
        {ALL_ROLES.map((role) => (
          <Checkbox key={role} value={role} label={t(`roles.${role}`)} description={t(`admin.roleHelp.${role}`)} />
        ))}
      </SimpleGrid>
    </Checkbox.Group>
  );
}
