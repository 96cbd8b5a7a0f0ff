import { Button, Code, Stack, Text, Textarea, UnstyledButton } from '@mantine/core';
import { IconClipboardText } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { parseSample, type SampleField, sampleFields } from './sampleAnswer.ts';

/** Samples pasted in this tab, per look-up node: kept while the editor goes to another node and back. */
const samples = new Map<string, string>();

/**
 * « Partir d’un exemple de réponse »: the editor pastes an answer of the system (from its
 * documentation, or a call they made), and picks the field to store instead of writing its
 * JSON path by heart. The sample stays in this tab, never in the flow (it may hold a subscriber's data).
 */
export function SampleAnswer({ nodeId, onPick }: { nodeId: string; onPick(field: SampleField): void }) {
  const { t } = useTranslation();
  const [text, setText] = useState(() => samples.get(nodeId) ?? '');
  const [open, setOpen] = useState(() => samples.has(nodeId));
  const change = (value: string) => {
    setText(value);
    samples.set(nodeId, value);
  };
  if (!open)
    return (
      <Button size="xs" variant="subtle" leftSection={<IconClipboardText size={14} />} onClick={() => setOpen(true)} data-action="sample-answer">
        {t('nodes.http.sample.open')}
      </Button>
    );
  const parsed = text.trim() === '' ? null : parseSample(text);
  const fields = parsed && 'value' in parsed ? sampleFields(parsed.value) : [];
  return (
    <Stack gap={4}>
      <Textarea
        size="xs"
        className="monospace-input"
        label={t('nodes.http.sample.label')}
        description={t('nodes.http.sample.help')}
        placeholder='{ "data": { "balance": 1250 } }'
        autosize
        minRows={3}
        maxRows={8}
        value={text}
        error={parsed && 'error' in parsed ? t('nodes.http.sample.invalid', { reason: parsed.error }) : undefined}
        onChange={(e) => change(e.currentTarget.value)}
        data-field="sampleAnswer"
      />
      {parsed && 'value' in parsed && fields.length === 0 && (
        <Text size="xs" c="dimmed">
          {t('nodes.http.sample.nothing')}
        </Text>
      )}
      {fields.length > 0 && (
        <Stack gap={0} role="list" aria-label={t('nodes.http.sample.fields')} className="sample-fields">
          {fields.map((field) => (
            <UnstyledButton
              key={field.path}
              role="listitem"
              className="sample-field"
              data-path={field.path}
              aria-label={t('nodes.http.sample.pick', { path: field.path, value: field.shown })}
              onClick={() => onPick(field)}
            >
              <Code>{field.path}</Code>{' '}
              <Text span size="xs" c="dimmed">
                {field.shown}
              </Text>
            </UnstyledButton>
          ))}
        </Stack>
      )}
    </Stack>
  );
}
