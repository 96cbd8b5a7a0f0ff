import { useEffect, useState } from 'react';
import { Button, Kbd, Modal, Table } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { focusReply, takeNextAnywhere, typing } from './agentKeys.ts';

const KEYS = [
  ['Alt+N', 'takeNext'],
  ['Alt+R', 'reply'],
  ['enter', 'send'],
  ['shiftEnter', 'newLine'],
  ['/', 'canned'],
  ['?', 'help'],
] as const;

/**
 * The agent's keyboard shortcuts: Alt+N takes the next contact of any queue, Alt+R goes to the
 * reply box, « ? » (outside a text field) lists them in a small dialog, also opened by its button.
 */
export function InboxShortcuts() {
  const { t } = useTranslation();
  const [help, setHelp] = useState(false);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.altKey && !event.ctrlKey && !event.metaKey && event.code === 'KeyN') {
        event.preventDefault();
        void takeNextAnywhere();
      } else if (event.altKey && !event.ctrlKey && !event.metaKey && event.code === 'KeyR') {
        if (focusReply()) event.preventDefault();
      } else if (event.key === '?' && !event.ctrlKey && !event.metaKey && !event.altKey && !typing(event.target)) {
        event.preventDefault();
        setHelp(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return (
    <>
      <Button size="compact-xs" variant="subtle" onClick={() => setHelp(true)} aria-haspopup="dialog">
        {t('inbox.keys.open')}
      </Button>
      <Modal opened={help} onClose={() => setHelp(false)} title={t('inbox.keys.title')} size="md">
        <Table withRowBorders={false} verticalSpacing={4}>
          <Table.Tbody>
            {KEYS.map(([keys, what]) => (
              <Table.Tr key={what}>
                <Table.Td>
                  <Kbd>{keys === 'enter' || keys === 'shiftEnter' ? t(`inbox.keys.${keys}`) : keys}</Kbd>
                </Table.Td>
                <Table.Td>{t(`inbox.keys.${what}`)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Modal>
    </>
  );
}
