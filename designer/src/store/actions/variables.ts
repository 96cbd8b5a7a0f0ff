import type { Variable } from '@griot/flows';
import type { Apply } from '../documentStore.ts';

/** Declared flow variables (sensitive ones are masked everywhere). */
export const variableActions = (apply: Apply) => ({
  addVariable(variable: Variable) {
    apply('addVariable', (doc) => (doc.variables.some((v) => v.name === variable.name) ? doc : { ...doc, variables: [...doc.variables, variable] }));
  },
  updateVariable(index: number, patch: Partial<Variable>) {
    apply('editVariable', (doc) => ({ ...doc, variables: doc.variables.map((v, i) => (i === index ? { ...v, ...patch } : v)) }), { coalesce: `variable:${index}:${Object.keys(patch).join(',')}` });
  },
  removeVariable(index: number) {
    apply('removeVariable', (doc) => ({ ...doc, variables: doc.variables.filter((_, i) => i !== index) }));
  },
});
