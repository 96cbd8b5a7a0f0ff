import { NumberInput } from '@mantine/core';
import { documentActions } from '../../store/documentStore.ts';
import { useFieldError } from '../fieldErrors.tsx';

interface Props {
  nodeId: string;
  field: string;
  label: string;
  value: number | undefined;
  min?: number;
  max?: number;
  /** Optional fields are removed when emptied; required ones keep their last value. */
  optional?: boolean;
  suffix?: string;
}

export function NumberField({ nodeId, field, label, value, min, max, optional, suffix }: Props) {
  const error = useFieldError(field);
  return (
    <NumberInput
      size="xs"
      label={label}
      value={value ?? ''}
      min={min}
      max={max}
      suffix={suffix}
      allowDecimal={false}
      error={error}
      data-field={field}
      onChange={(v) => {
        if (typeof v === 'number') documentActions().setNodeField(nodeId, field, v);
        else if (optional) documentActions().setNodeField(nodeId, field, undefined);
      }}
    />
  );
}
