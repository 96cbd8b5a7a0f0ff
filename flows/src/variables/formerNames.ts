import type { Flow } from '../schema/flow.ts';
import type { JsonValue } from '../interpreter/types.ts';

/**
 * `values` (a session's variables, a caller's remembered ones) with each value held under a
 * former name of a variable (`Variable.formerNames`, left by `renameVariable`) moved to its
 * current name, where the current name holds nothing and the former one is no variable of the
 * flow now. The same object when nothing moves (the common case: no rename).
 */
export function underCurrentNames(flow: Flow, values: Readonly<Record<string, JsonValue>>): Record<string, JsonValue> {
  let out = values as Record<string, JsonValue>;
  let declared: Set<string> | undefined;
  for (const variable of flow.variables) {
    if (!variable.formerNames?.length || Object.hasOwn(values, variable.name)) continue;
    declared ??= new Set(flow.variables.map((v) => v.name));
    const former = variable.formerNames.find((name) => !declared?.has(name) && Object.hasOwn(values, name));
    if (former === undefined) continue;
    if (out === values) out = { ...values };
    out[variable.name] = values[former] as JsonValue;
    delete out[former];
  }
  return out;
}
