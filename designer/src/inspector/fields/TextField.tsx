import { TextInput, Textarea } from '@mantine/core';
import type { ReactNode } from 'react';
import { documentActions } from '../../store/documentStore.ts';
import { useFieldError } from '../fieldErrors.tsx';
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
}

/** A text field of a node, validated by the node's schema. */
export function TextField({ nodeId, field, label, value, description, placeholder, optional, multiline, monospace }: Props) {
  const { error, onBlur } = useShownError(useFieldError(field), value);
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
    className: monospace ? 'monospace-input' : undefined,
  };
  return multiline ? (
    <Textarea {...common} autosize minRows={2} maxRows={10} onChange={(e) => onChange(e.currentTarget.value)} />
  ) : (
    <TextInput {...common} onChange={(e) => onChange(e.currentTarget.value)} />
  );
}
