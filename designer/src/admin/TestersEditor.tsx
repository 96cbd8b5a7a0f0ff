import { ActionIcon, Button, Group, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { newTester, type FlowChoices, type FormErrors, type TesterDraft } from './bindingForm.ts';
import { formErrorText } from './formErrorText.ts';

const STAGING = 'staging';
const FLOW_LOCALE = 'flow';

/** Tester numbers of a binding: each reaches staging or a pinned version, in a language of the flow. */
export function TestersEditor({
  testers,
  onChange,
  flow,
  errors,
  readOnly,
}: {
  testers: TesterDraft[];
  onChange(testers: TesterDraft[]): void;
  flow: FlowChoices | null;
  errors: FormErrors;
  readOnly: boolean;
}) {
  const { t } = useTranslation();
  const update = (index: number, patch: Partial<TesterDraft>) => onChange(testers.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  const versions = [...new Set([...(flow?.versions ?? []), ...testers.flatMap((r) => (r.version !== null ? [r.version] : []))])].sort((a, b) => b - a);
  const locales = [...new Set([...(flow?.locales ?? []), ...testers.flatMap((r) => (r.locale ? [r.locale] : []))])];
  return (
    <Stack gap="xs" className="testers-editor">
      <Text size="xs" c="dimmed">
        {t('admin.bindings.testersHelp')}
      </Text>
      {testers.length > 0 && (
        <Table verticalSpacing={4} withRowBorders={false}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('admin.bindings.testerNumberHeader')}</Table.Th>
              <Table.Th w={160}>{t('admin.bindings.testerVersionHeader')}</Table.Th>
              <Table.Th w={200}>{t('admin.bindings.testerLocaleHeader')}</Table.Th>
              <Table.Th w={40} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {testers.map((row, i) => {
              const n = i + 1;
              return (
                <Table.Tr key={row.key} data-tester-row={i}>
                  <Table.Td valign="top">
                    <TextInput
                      aria-label={t('admin.bindings.testerNumber', { n })}
                      placeholder="+229 01 97 00 00 01"
                      inputMode="tel"
                      value={row.number}
                      onChange={(e) => update(i, { number: e.currentTarget.value })}
                      error={formErrorText(t, errors, `testers.${i}.number`)}
                      readOnly={readOnly}
                    />
                  </Table.Td>
                  <Table.Td valign="top">
                    <Select
                      aria-label={t('admin.bindings.testerVersion', { n })}
                      searchable
                      data={[{ value: STAGING, label: t('admin.bindings.testerStaging') }, ...versions.map((v) => ({ value: String(v), label: t('admin.bindings.runsVersion', { n: v }) }))]}
                      value={row.version === null ? STAGING : String(row.version)}
                      onChange={(v) => update(i, { version: v === null || v === STAGING ? null : Number(v) })}
                      allowDeselect={false}
                      error={formErrorText(t, errors, `testers.${i}.version`)}
                      readOnly={readOnly}
                    />
                  </Table.Td>
                  <Table.Td valign="top">
                    <Select
                      aria-label={t('admin.bindings.testerLocale', { n })}
                      data={[{ value: FLOW_LOCALE, label: t('admin.bindings.testerAnyLocale') }, ...locales.map((l) => ({ value: l, label: l }))]}
                      value={row.locale ?? FLOW_LOCALE}
                      onChange={(v) => update(i, { locale: v === null || v === FLOW_LOCALE ? null : v })}
                      allowDeselect={false}
                      error={formErrorText(t, errors, `testers.${i}.locale`)}
                      readOnly={readOnly}
                    />
                  </Table.Td>
                  <Table.Td valign="top">
                    {!readOnly && (
                      <ActionIcon variant="subtle" color="red" mt={4} aria-label={t('admin.bindings.removeTester', { n })} onClick={() => onChange(testers.filter((_, j) => j !== i))}>
                        <IconTrash size={16} />
                      </ActionIcon>
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
      {!readOnly && (
        <Group>
          <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} onClick={() => onChange([...testers, newTester()])}>
            {t('admin.bindings.addTester')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
