import type { ReactNode } from 'react';
import { ActionIcon, Group, Paper, Tooltip } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

interface Props {
  children: ReactNode;
  title: ReactNode;
  onRemove?: (() => void) | undefined;
  onMove?: ((by: -1 | 1) => void) | undefined;
  first?: boolean;
  last?: boolean;
}

/** One entry of a list inside an inspector (a menu option, a branch, a header): a card with its tools. */
export function ListItem({ children, title, onRemove, onMove, first, last }: Props) {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="xs" radius="sm" className="list-item">
      <Group justify="space-between" mb={6} wrap="nowrap">
        <div className="list-item-title">{title}</div>
        <Group gap={2} wrap="nowrap">
          {onMove && (
            <>
              <ActionIcon size="sm" variant="subtle" color="gray" disabled={first} onClick={() => onMove(-1)} aria-label={t('common.moveUp')}>
                <IconArrowUp size={14} />
              </ActionIcon>
              <ActionIcon size="sm" variant="subtle" color="gray" disabled={last} onClick={() => onMove(1)} aria-label={t('common.moveDown')}>
                <IconArrowDown size={14} />
              </ActionIcon>
            </>
          )}
          {onRemove && (
            <Tooltip label={t('common.remove')}>
              <ActionIcon size="sm" variant="subtle" color="red" onClick={onRemove} aria-label={t('common.remove')}>
                <IconTrash size={14} />
              </ActionIcon>
            </Tooltip>
          )}
        </Group>
      </Group>
      {children}
    </Paper>
  );
}
