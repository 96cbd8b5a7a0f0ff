import type { Variable } from '@griot/flows';

/**
 * What the « Sensible » switch writes. A look-up's answer is sensitive by default: turning it off
 * says it is not account data (`keptInClear`), turning it on again only takes that word back (the
 * saved flow stays as a new one would be, no `sensitive: true` where the default already is),
 * unless the variable is remembered across contacts (`persist`, kept in clear), which only
 * `sensitive` overrides.
 */
export function sensitivityPatch(variable: Variable, fetched: boolean, on: boolean): Partial<Variable> {
  if (!fetched) return { sensitive: on };
  if (!on) return { sensitive: false, keptInClear: true };
  return variable.persist ? { sensitive: true, keptInClear: undefined } : { sensitive: false, keptInClear: undefined };
}
