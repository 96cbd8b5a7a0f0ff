import { Group, Kbd, Modal, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

const SHORTCUTS: Array<[string[], string]> = [
  [['Ctrl', 'Z'], 'undo'],
  [['Ctrl', 'Shift', 'Z'], 'redo'],
  [['Ctrl', 'S'], 'save'],
  [['Ctrl', 'C'], 'copy'],
  [['Ctrl', 'X'], 'cut'],
  [['Ctrl', 'V'], 'paste'],
  [['Ctrl', 'D'], 'duplicate'],
  [['Ctrl', 'A'], 'selectAll'],
  [['Suppr'], 'delete'],
  [['Shift', 'clic'], 'multiSelect'],
  [['Ctrl', 'K'], 'search'],
  [['Ctrl', 'Shift', 'L'], 'layout'],
  [['Shift', '1'], 'fitView'],
  [['Échap'], 'deselect'],
];

/** Working the canvas without a mouse: to a node, moving it, linking it (the inspector's « Relier à… »). */
const KEYBOARD: Array<[string[], string]> = [
  [['Tab'], 'nextNode'],
  [['Entrée'], 'selectNode'],
  [['←', '↑', '→', '↓'], 'moveNode'],
];

export function ShortcutsModal({ opened, onClose }: { opened: boolean; onClose(): void }) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={t('shortcuts.title')} centered>
      <Stack gap={8}>
        <ShortcutRows rows={SHORTCUTS} />
        <Text size="sm" fw={600} mt="sm">
          {t('shortcuts.keyboardTitle')}
        </Text>
        <ShortcutRows rows={KEYBOARD} />
        <Text size="sm" data-shortcut="link">
          {t('shortcuts.link')}
        </Text>
      </Stack>
    </Modal>
  );
}

/** One line per shortcut: what it does, then its keys. */
function ShortcutRows({ rows }: { rows: ReadonlyArray<readonly [readonly string[], string]> }) {
  const { t } = useTranslation();
  return rows.map(([keys, action]) => (
    <Group key={action} justify="space-between">
      <Text size="sm">{t(`shortcuts.${action}`)}</Text>
      <Group gap={4}>
        {keys.map((k) => (
          <Kbd key={k} size="xs">
            {k}
          </Kbd>
        ))}
      </Group>
    </Group>
  ));
}
