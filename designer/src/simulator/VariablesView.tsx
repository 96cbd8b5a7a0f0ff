import { Group, Table, Text } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { MASK } from '@griot/flows';
import { useVariables } from '../store/selectors.ts';
import { useSimulator } from './simulatorStore.ts';

/** The session's variables; sensitive ones stay masked (the server masks them, and so does this view). */
export function VariablesView() {
  const { t } = useTranslation();
  const state = useSimulator((s) => s.state);
  const declared = useVariables();
  if (!state) return null;
  const sensitive = new Set(declared.filter((v) => v.sensitive).map((v) => v.name));
  const entries = Object.entries(state.vars);
  return (
    <Table withRowBorders verticalSpacing={3} fz="xs" className="sim-vars">
      <Table.Tbody>
        <Table.Tr>
          <Table.Td c="dimmed">caller.number</Table.Td>
          <Table.Td ff="monospace">{state.caller.number}</Table.Td>
        </Table.Tr>
        <Table.Tr>
          <Table.Td c="dimmed">locale · channel</Table.Td>
          <Table.Td ff="monospace">
            {state.locale} · {state.channel}
          </Table.Td>
        </Table.Tr>
        {entries.length === 0 && (
          <Table.Tr>
            <Table.Td colSpan={2} c="dimmed">{t('simulator.noVariables')}</Table.Td>
          </Table.Tr>
        )}
        {entries.map(([name, value]) => {
          const masked = sensitive.has(name) || value === MASK;
          return (
            <Table.Tr key={name} data-variable={name}>
              <Table.Td ff="monospace">
                <Group gap={4} wrap="nowrap">
                  {masked && <IconLock size={11} color="var(--mantine-color-orange-6)" />}
                  {name}
                </Group>
              </Table.Td>
              <Table.Td ff="monospace">
                {masked ? <Text span c="dimmed" size="xs">{t('simulator.masked')}</Text> : JSON.stringify(value)}
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}
