import type { Flow } from '../schema/flow.ts';
import type { JsonValue } from '../interpreter/types.ts';

/**
 * [current name, its former names a value may be read from (newest first), how many of them it
 * had since it last had its current name (a rename taken back: `a` → `b` → `a`)], per parsed
 * flow (cached: asked on every turn).
 */
type Moves = ReadonlyArray<readonly [string, readonly string[], number]>;
const movesByFlow = new WeakMap<Flow, Moves>();

/**
 * The former names each variable reads values from: not a variable of the flow now, and the
 * former name of that variable alone. A name two variables give as former (a hand-written or
 * imported document) is read by neither: one value, remembered or fetched as one thing, would
 * otherwise become two (a sensitive `codePuk` copied into a plain variable beside the sensitive
 * one it was renamed to).
 */
function movesOf(flow: Flow): Moves {
  let moves = movesByFlow.get(flow);
  if (moves) return moves;
  const renamed = flow.variables.filter((v) => v.formerNames?.length);
  if (renamed.length === 0) moves = [];
  else {
    const declared = new Set(flow.variables.map((v) => v.name));
    const claims = new Map<string, number>();
    for (const v of renamed) for (const name of new Set(v.formerNames)) claims.set(name, (claims.get(name) ?? 0) + 1);
    moves = renamed.map((v) => {
      const formers = v.formerNames ?? [];
      const readable = (name: string) => !declared.has(name) && claims.get(name) === 1;
      const own = formers.indexOf(v.name);
      return [v.name, formers.filter(readable), own < 0 ? 0 : formers.slice(0, own).filter(readable).length] as const;
    });
  }
  movesByFlow.set(flow, moves);
  return moves;
}

/**
 * `values` (a session's variables, a caller's remembered ones) with each value held under a
 * former name of a variable (`Variable.formerNames`, left by `renameVariable`) moved to its
 * current name, where the current name holds nothing and the former one is no variable of the
 * flow now (nor another variable's former name). A variable renamed back to a name it had
 * (`a` → `b` → `a`: its former names hold its own, after `b`) reads a value under a name it had
 * since (`b`) before one under its name: that one dates from before, the other was written
 * while it was called `b` (the caller would otherwise hear what they said before the
 * change). The same object when nothing moves; no work at all on a flow without former names
 * (the common case: `step` asks on every turn).
 */
export function underCurrentNames(flow: Flow, values: Readonly<Record<string, JsonValue>>): Record<string, JsonValue> {
  const moves = movesOf(flow);
  let out = values as Record<string, JsonValue>;
  for (const [name, formers, since] of moves) {
    const held = Object.hasOwn(values, name);
    const former = formers.find((f, i) => (!held || i < since) && Object.hasOwn(values, f));
    if (former === undefined) continue;
    if (out === values) out = { ...values };
    out[name] = values[former] as JsonValue;
    delete out[former];
  }
  return out;
}

/**
 * The names `values` (a caller's remembered ones) holds that the flow's variables read as former
 * names (`underCurrentNames`): once a contact has moved them to the current names, the profile
 * forgets them (`CallerChanges.forget`), so it is moved once, and a name given later to another
 * variable does not read what the renamed one remembered. `of`: those of these variables only.
 */
export function formerNamesHeld(flow: Flow, values: Readonly<Record<string, JsonValue>>, of?: readonly string[]): string[] {
  return movesOf(flow).flatMap(([name, formers]) => (of && !of.includes(name) ? [] : formers.filter((f) => Object.hasOwn(values, f))));
}
