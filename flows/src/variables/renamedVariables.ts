import type { Flow } from '../schema/flow.ts';
import { canonicalJson } from '../versioning/canonical.ts';
import { renamedItems } from '../versioning/listKeys.ts';

/**
 * The variables `after` renamed since `before`, as [old name, new name]: the pairs the merge
 * takes for one variable renamed (`renamedItems`: in the same place, alike in everything but the
 * name) whose newest former name is the old one (`renameVariable` writes it), or the other way
 * round (a rename taken back: the undo restores the variable as it was). A removal beside an
 * unrelated addition is no rename, even in the same place and alike: two plain variables often
 * are, and the colleague's `{{code}}` would have been read as the new `{{montant}}`.
 */
export function renamedVariables(before: Flow, after: Flow): Array<[string, string]> {
  const names = (flow: Flow) => flow.variables.map((v) => v.name);
  const same = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);
  const pairs = renamedItems([before.variables, names(before)], [after.variables, names(after)], 'name', same);
  const newestFormer = (flow: Flow) => new Map(flow.variables.map((v) => [v.name, v.formerNames?.[0]]));
  const [was, is] = [newestFormer(before), newestFormer(after)];
  return [...pairs].flatMap(([to, from]): Array<[string, string]> => (is.get(to) === from || was.get(from) === to ? [[from, to]] : []));
}
