import { Button, Code, Stack, Text, Textarea, UnstyledButton } from '@mantine/core';
import { IconClipboardText } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDocument } from '../../store/documentStore.ts';
import { parseSample, pastedSamples, type SampleField, sampleFields } from './sampleAnswer.ts';

/**
 * « Partir d’un exemple de réponse »: the editor pastes an answer of the system (from its
 * documentation, or a call they made), and picks the field to store instead of writing its
 * JSON path by heart. The sample stays in this tab's memory (pastedSamples), never in the flow: it may
 * hold a subscriber's data. Kept per flow and node, so another flow's node of the same id shows none.
 */
export function SampleAnswer({ nodeId, onPick }: { nodeId: string; onPick(field: SampleField): void }) {
  const { t } = useTranslation();
  const flowId = useDocument((s) => s.doc?.id ?? '');
  const key = `${flowId}\u0000${nodeId}`;
  const [text, setText] = useState(() => pastedSamples.get(key) ?? '');
  const [open, setOpen] = useState(() => pastedSamples.has(key));
  const change = (value: string) => {
    setText(value);
    pastedSamples.set(key, value);
  };
  // Parsed when the text changes, not at each render of the inspector (a pasted answer may weigh megabytes).
  const { parsed, fields } = useMemo(() => {
    const parsed = text.trim() === '' ? null : parseSample(text);
    return { parsed, fields: parsed && 'value' in parsed ? sampleFields(parsed.value) : [] };
  }, [text]);
  if (!open)
    return (
      <Button size="xs" variant="subtle" leftSection={<IconClipboardText size={14} />} onClick={() => setOpen(true)} data-action="sample-answer">
        {t('nodes.http.sample.open')}
      </Button>
    );
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
        // Not a `data-field`: Ctrl+Z here takes back the text pasted, not the flow's last edit (useEditorShortcuts).
        data-sample-answer
      />
      {parsed && 'value' in parsed && fields.length === 0 && (
        <Text size="xs" c="dimmed">
          {t('nodes.http.sample.nothing')}
        </Text>
      )}
      {fields.length > 0 && (
        // A list of buttons: a screen reader says « bouton » (a button given the role of a list item was read as text).
        <ul aria-label={t('nodes.http.sample.fields')} className="sample-fields">
          {fields.map((field) => (
            <li key={field.path}>
              <UnstyledButton className="sample-field" data-path={field.path} aria-label={t('nodes.http.sample.pick', { path: field.path, value: field.shown })} onClick={() => onPick(field)}>
                <Code>{field.path}</Code>{' '}
                <Text span size="xs" c="dimmed">
                  {field.shown}
                </Text>
              </UnstyledButton>
            </li>
          ))}
        </ul>
      )}
    </Stack>
  );
}
