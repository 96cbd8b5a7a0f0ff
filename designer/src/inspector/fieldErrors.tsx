import { createContext, useContext, type ReactNode } from 'react';
import type { FieldProblem } from './nodeFieldErrors.ts';

const FieldErrorsContext = createContext<ReadonlyMap<string, FieldProblem>>(new Map());

/** Gives the inspector's fields the errors of the node they edit, keyed by field path. */
export function FieldErrorsProvider({ errors, children }: { errors: ReadonlyMap<string, FieldProblem>; children: ReactNode }) {
  return <FieldErrorsContext.Provider value={errors}>{children}</FieldErrorsContext.Provider>;
}

/** The error of exactly this field (`options.0.key`, `prompt.en`). */
export function useFieldError(path: string): string | undefined {
  return useContext(FieldErrorsContext).get(path)?.message;
}

/**
 * The class of a field whose only problem is a warning (`field-warning`: orange, as the warning's
 * badge), so an outdated translation does not look like an error that blocks publishing.
 */
export function useFieldWarningClass(path: string): string | undefined {
  return useContext(FieldErrorsContext).get(path)?.warning ? 'field-warning' : undefined;
}

/** Errors of this field and anything inside it, for a group of inputs. */
export function useFieldErrorsUnder(prefix: string): string[] {
  const errors = useContext(FieldErrorsContext);
  const found: string[] = [];
  for (const [path, problem] of errors) if (path === prefix || path.startsWith(`${prefix}.`)) found.push(problem.message);
  return found;
}
