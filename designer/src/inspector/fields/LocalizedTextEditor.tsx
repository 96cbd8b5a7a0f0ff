import { Stack, Textarea, TextInput } from '@mantine/core';
import type { LocalizedText } from '@griot/flows';
import { documentActions } from '../../store/documentStore.ts';
import { useLocales } from '../../store/selectors.ts';
import { useFieldError } from '../fieldErrors.tsx';

interface Props {
  nodeId: string;
  /** `options.0.label` */
  field: string;
  value: LocalizedText;
  /** A written message of a few sentences rather than a label: the box grows with the text. */
  multiline?: boolean;
}

/** A short label (or, multiline, a written message) in every locale, one per line. */
export function LocalizedTextEditor({ nodeId, field, value, multiline = false }: Props) {
  const locales = useLocales();
  return (
    <Stack gap={4}>
      {locales.map((l) => (
        <LabelInput key={l.code} nodeId={nodeId} field={field} code={l.code} value={value[l.code] ?? ''} multiline={multiline} />
      ))}
    </Stack>
  );
}

function LabelInput({ nodeId, field, code, value, multiline }: { nodeId: string; field: string; code: string; value: string; multiline: boolean }) {
  const error = useFieldError(`${field}.${code}`);
  const common = {
    size: 'xs',
    'aria-label': `${field} ${code}`,
    'data-field': `${field}.${code}`,
    leftSection: <span className="locale-tag">{code}</span>,
    leftSectionWidth: 40,
    value,
    error,
  } as const;
  return multiline ? (
    <Textarea {...common} autosize minRows={2} maxRows={6} onChange={(e) => documentActions().setLabel(nodeId, field, code, e.currentTarget.value)} />
  ) : (
    <TextInput {...common} onChange={(e) => documentActions().setLabel(nodeId, field, code, e.currentTarget.value)} />
  );
}
