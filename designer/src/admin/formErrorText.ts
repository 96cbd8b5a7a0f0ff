import type { TFunction } from 'i18next';
import type { FieldError, FormErrors } from './bindingForm.ts';

/** The text of a field's error, in the user's language; undefined when the field is fine. */
export function formErrorText(t: TFunction, errors: FormErrors, field: string): string | undefined {
  const error: FieldError | undefined = errors[field];
  if (!error) return undefined;
  return 'key' in error ? t(error.key, error.values ?? {}) : error.message;
}
