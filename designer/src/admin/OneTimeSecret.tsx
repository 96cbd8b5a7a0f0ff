import { ActionIcon, Alert, CopyButton, Group, Text, TextInput, Tooltip } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconCopy } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

/**
 * A password or token the server shows once: selectable, with a copy button, and a warning
 * that it will not come back (only its hash is kept).
 */
export function OneTimeSecret({ label, value, note }: { label: string; value: string; note?: string }) {
  const { t } = useTranslation();
  return (
    <div className="one-time-secret">
      <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={16} />} mb="sm">
        {t('admin.oneTime.warning')}
      </Alert>
      <Group gap="xs" wrap="nowrap" align="flex-end">
        <TextInput
          label={label}
          value={value}
          readOnly
          style={{ flex: 1 }}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          data-testid="one-time-secret"
          onFocus={(e) => e.currentTarget.select()}
        />
        <CopyButton value={value}>
          {({ copied, copy }) => (
            <Tooltip label={copied ? t('admin.oneTime.copied') : t('admin.oneTime.copy')} withArrow>
              <ActionIcon size={36} variant={copied ? 'filled' : 'light'} color={copied ? 'teal' : 'indigo'} onClick={copy} aria-label={t('admin.oneTime.copyLabel', { what: label })}>
                {copied ? <IconCheck size={18} /> : <IconCopy size={18} />}
              </ActionIcon>
            </Tooltip>
          )}
        </CopyButton>
      </Group>
      {note && (
        <Text size="xs" c="dimmed" mt={6} ff="monospace">
          {note}
        </Text>
      )}
    </div>
  );
}
