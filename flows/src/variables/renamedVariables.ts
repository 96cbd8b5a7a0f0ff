import type { Flow } from '../schema/flow.ts';
import { canonicalJson } from '../versioning/canonical.ts';
import { renamedItems } from '../versioning/listKeys.ts';

/**
 * The variables `after` renamed since `before`, as [old name, new name]: the pairs the merge
 * takes for one variable renamed (`renamedItems`: in the same place, alike in everything but the
 * name). A removal beside an unrelated addition is no rename.
 */
export function renamedVariables(before: Flow, after: Flow): Array<[string, string]> {
  const names = (flow: Flow) => flow.variables.map((v) => v.name);
  const same = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);
  const pairs = renamedItems([before.variables, names(before)], [after.variables, names(after)], 'name', same);
  return [...pairs].map(([to, from]) => [from, to]);
}
