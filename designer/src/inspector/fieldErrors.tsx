import { createContext, useContext, type ReactNode } from 'react';

const FieldErrorsContext = createContext<ReadonlyMap<string, string>>(new Map());

/** Gives the inspector's fields the errors of the node they edit, keyed by field path. */
export function FieldErrorsProvider({ errors, children }: { errors: ReadonlyMap<string, string>; children: ReactNode }) {
  return <FieldErrorsContext.Provider value={errors}>{children}</FieldErrorsContext.Provider>;
}

/** The error of exactly this field (`options.0.key`, `prompt.en`). */
export function useFieldError(path: string): string | undefined {
  return useContext(FieldErrorsContext).get(path);
}

/** Errors of this field and anything inside it, for a group of inputs. */
export function useFieldErrorsUnder(prefix: string): string[] {
  const errors = useContext(FieldErrorsContext);
  const found: string[] = [];
  for (const [path, message] of errors) if (path === prefix || path.startsWith(`${prefix}.`)) found.push(message);
  return found;
}
