import { Group, Table, Text } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { formatNumber, MASK, sensitivityOf, type Flow } from '@griot/flows';
import { useDocument } from '../store/documentStore.ts';
import { useSimulator } from './simulatorStore.ts';
import { PhoneNumber } from '../i18n/PhoneNumber.tsx';

/** The session's variables; sensitive ones stay masked (the server masks them, and so does this view). */
export function VariablesView() {
  const { t, i18n } = useTranslation();
  const state = useSimulator((s) => s.state);
  const doc = useDocument((s) => s.doc);
  if (!state) return null;
  // Declared sensitive, a look-up's answer not kept in clear, or a copy of either: as the server masks them.
  const sensitive = doc ? sensitivityOf(doc as Flow).names : new Set<string>();
  const entries = Object.entries(state.vars);
  return (
    <Table withRowBorders verticalSpacing={3} fz="xs" className="sim-vars">
      <Table.Tbody>
        <Table.Tr>
          <Table.Td c="dimmed">caller.number</Table.Td>
          <Table.Td ff="monospace">
            <PhoneNumber number={state.caller.number} />
          </Table.Td>
        </Table.Tr>
        <Table.Tr>
          <Table.Td c="dimmed">{t('a11y.localeChannel')}</Table.Td>
          <Table.Td ff="monospace">
            {state.locale} · {state.channel}
          </Table.Td>
        </Table.Tr>
        {entries.length === 0 && (
          <Table.Tr>
            <Table.Td colSpan={2} c="dimmed">
              {t('simulator.noVariables')}
            </Table.Td>
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
                {masked ? (
                  <Text span c="dimmed" size="xs">
                    {t('simulator.masked')}
                  </Text>
                ) : typeof value === 'number' ? (
                  // Numbers as the editor reads them (1 250 000 in French), the raw value on hover.
                  <span title={String(value)}>{formatNumber(String(value), 'number', { locale: i18n.language })}</span>
                ) : (
                  JSON.stringify(value)
                )}
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}
