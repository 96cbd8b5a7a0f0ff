import { Autocomplete, TextInput, Textarea } from '@mantine/core';
import type { ReactNode } from 'react';
import { documentActions } from '../../store/documentStore.ts';
import { useFieldError, useFieldWarningClass } from '../fieldErrors.tsx';
import { useShownError } from './useShownError.ts';

interface Props {
  nodeId: string;
  field: string;
  label: ReactNode;
  value: string | undefined;
  description?: ReactNode;
  placeholder?: string;
  /** Removed from the node when emptied. */
  optional?: boolean;
  multiline?: boolean;
  monospace?: boolean;
  /** Values offered as the editor types (the server's backends): any other may still be written. */
  suggestions?: readonly string[];
}

/** A text field of a node, validated by the node's schema. */
export function TextField({ nodeId, field, label, value, description, placeholder, optional, multiline, monospace, suggestions }: Props) {
  const { error, onBlur } = useShownError(useFieldError(field), value);
  const warningClass = useFieldWarningClass(field);
  const onChange = (text: string) => documentActions().setNodeField(nodeId, field, optional && text === '' ? undefined : text);
  const common = {
    size: 'xs' as const,
    label,
    description,
    placeholder,
    error,
    onBlur,
    value: value ?? '',
    'data-field': field,
    className: [monospace ? 'monospace-input' : '', warningClass ?? ''].join(' ').trim() || undefined,
  };
  if (suggestions && !multiline) return <Autocomplete {...common} data={[...suggestions]} onChange={onChange} />;
  return multiline ? (
    <Textarea {...common} autosize minRows={2} maxRows={10} onChange={(e) => onChange(e.currentTarget.value)} />
  ) : (
    <TextInput {...common} onChange={(e) => onChange(e.currentTarget.value)} />
  );
}
