import { useState } from 'react';
import { ActionIcon, Button, Checkbox, Popover, Stack, Text, Tooltip } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { documentActions } from '../../store/documentStore.ts';
import { likelySensitive } from './likelySensitive.ts';

/**
 * One click from "not declared" to declared: a small form naming the variable, with "sensitive"
 * ticked when its name looks like a secret (puk, pin, code, password…). Shown beside the field
 * that names it and under the issue in the checks list.
 */
export function DeclareVariableButton({ name, compact }: { name: string; compact?: boolean }) {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(false);
  const [sensitive, setSensitive] = useState(() => likelySensitive(name));
  const label = t('inspector.declareVariable', { name });
  const declare = () => {
    documentActions().addVariable({ name, type: 'string', sensitive, persist: false });
    setOpened(false);
  };
  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-end" withArrow shadow="md" onOpen={() => setSensitive(likelySensitive(name))} trapFocus withinPortal>
      <Popover.Target>
        {compact ? (
          <Tooltip label={label}>
            <ActionIcon size="sm" variant="light" aria-label={label} data-declare-variable={name} onClick={() => setOpened((o) => !o)}>
              <IconPlus size={14} />
            </ActionIcon>
          </Tooltip>
        ) : (
          <Button size="compact-xs" variant="light" leftSection={<IconPlus size={12} />} data-declare-variable={name} onClick={() => setOpened((o) => !o)}>
            {label}
          </Button>
        )}
      </Popover.Target>
      <Popover.Dropdown maw={280} data-declare-form={name}>
        <Stack gap="xs">
          <Text size="sm" fw={600}>
            {label}
          </Text>
          <Checkbox size="xs" label={t('inspector.declareSensitive')} description={t('inspector.declareSensitiveHelp')} checked={sensitive} onChange={(e) => setSensitive(e.currentTarget.checked)} />
          <Button size="xs" onClick={declare} data-declare-confirm={name}>
            {t('inspector.declareConfirm')}
          </Button>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
