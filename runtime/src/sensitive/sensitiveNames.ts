import type { Flow } from '@griot/flows';

const namesByFlow = new WeakMap<Flow, ReadonlySet<string>>();

/** The variables a flow declares `sensitive`, per parsed flow document (cached: asked on every turn). */
export function sensitiveNamesOf(flow: Flow): ReadonlySet<string> {
  let names = namesByFlow.get(flow);
  if (!names) {
    // A document read from a backup file may be incomplete: no declarations, no sensitive names.
    names = new Set((flow.variables ?? []).filter((v) => v.sensitive).map((v) => v.name));
    namesByFlow.set(flow, names);
  }
  return names;
}
