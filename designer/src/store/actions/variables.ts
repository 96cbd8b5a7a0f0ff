import { renameVariable, type RenameResult, type Variable } from '@griot/flows';
import type { Apply } from '../documentStore.ts';

/** Declared flow variables (sensitive ones are masked everywhere). */
export const variableActions = (apply: Apply) => ({
  addVariable(variable: Variable) {
    apply('addVariable', (doc) => (doc.variables.some((v) => v.name === variable.name) ? doc : { ...doc, variables: [...doc.variables, variable] }));
  },
  updateVariable(index: number, patch: Partial<Variable>) {
    apply('editVariable', (doc) => ({ ...doc, variables: doc.variables.map((v, i) => (i === index ? { ...v, ...patch } : v)) }), { coalesce: `variable:${index}:${Object.keys(patch).join(',')}` });
  },
  /**
   * « Renommer »: the variable and every use of it (prompts in every language, conditions,
   * mappings, tests…), one step that one undo takes back whole. Refused (the document untouched,
   * no step) for a name taken, reserved or invalid; the result says why, or how many uses followed.
   */
  renameVariable(from: string, to: string): RenameResult {
    let result: RenameResult = { ok: false, reason: 'unknown', message: `${from} is not a declared variable` };
    apply('renameVariable', (doc) => {
      result = renameVariable(doc, from, to);
      return result.ok ? result.flow : doc;
    });
    return result;
  },
  removeVariable(index: number) {
    apply('removeVariable', (doc) => ({ ...doc, variables: doc.variables.filter((_, i) => i !== index) }));
  },
});
